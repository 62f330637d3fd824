"""Template globals and filters: navigation by role, Babel formatting, countries."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel import Locale
from flask import request
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from forms.auth import LanguageForm
from portal.models import Role

#: Main menu per role; an endpoint that does not exist (yet) is simply left out.
NAVIGATION = {
    Role.CASEWORKER: (
        ("municipality.start", _l("My cases")),
        ("municipality.new_case", _l("New case")),
        ("newsletter.archive", _l("Newsletter")),
        ("newsletter.guidance", _l("Good to know")),
        ("newsletter.routes", _l("Routes")),
        ("newsletter.meetings", _l("Meetings")),
        ("newsletter.contacts", _l("Contacts")),
    ),
    Role.AGENCY: (
        ("agency.start", _l("Work queue")),
        ("agency.rebooking", _l("Rebooking")),
        ("agency.payouts", _l("Pending payouts")),
        ("agency.statistics", _l("Statistics")),
        ("newsletter.manage", _l("Newsletter")),
        ("newsletter.meetings", _l("Meetings")),
        ("reference.routes", _l("Routes")),
        ("reference.rates", _l("Rates")),
        ("newsletter.guidance", _l("Good to know")),
    ),
    Role.DRC_ADVISER: (
        ("drc.start", _l("Find a case")),
        ("newsletter.archive", _l("Newsletter")),
        ("newsletter.contacts", _l("Contacts")),
    ),
    Role.ADMIN: (
        ("admin.start", _l("Users")),
        ("admin.audit", _l("Audit log")),
    ),
}


def country_name(code: str | None) -> str:
    """A country's name in the user's language, from Babel's territory names."""
    if not code:
        return ""
    return Locale.parse(str(get_locale())).territories.get(code.upper(), code)


def money(value: Decimal | float | int | None, currency: str = "DKK") -> str:
    if value is None:
        return ""
    return f"{format_decimal(value, format='#,##0.00')} {currency}"


def register(app) -> None:
    @app.context_processor
    def inject():
        navigation = ()
        if current_user.is_authenticated:
            navigation = [(endpoint, label)
                          for endpoint, label in NAVIGATION.get(current_user.role, ())
                          if endpoint in app.view_functions]
        return {
            "navigation": navigation,
            "language_form": LanguageForm(formdata=None, lang=str(get_locale()),
                                          next=request.full_path.rstrip("?")),
            "current_locale": str(get_locale()),
            "country_name": country_name,
        }

    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["date"] = lambda d, fmt="medium": format_date(d, fmt) if d else ""
    app.jinja_env.filters["datetime"] = (
        lambda d, fmt="short": format_datetime(d, fmt) if isinstance(d, datetime) else ""
    )
    app.jinja_env.filters["number"] = lambda n: format_decimal(n) if n is not None else ""
    app.jinja_env.globals["today"] = date.today
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
