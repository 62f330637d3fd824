"""Template globals and filters: navigation by role, Babel formatting, countries."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache

from babel import Locale
from babel import dates as babel_dates
from flask import current_app, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from forms.auth import LanguageForm
from portal.models import Role
from portal.workflow import Status

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


@cache
def _territories(locale: str) -> dict[str, str]:
    """Babel's territory names of one language (parsed once per process and language)."""
    return dict(Locale.parse(locale).territories)


def country_names() -> dict[str, str]:
    """Every country's name in the user's language: for lists, which look the language up
    once instead of once per country."""
    return _territories(str(get_locale()))


def country_name(code: str | None, names: dict[str, str] | None = None) -> str:
    """A country's name in the user's language, from Babel's territory names (`names`:
    country_names() already looked up for a list)."""
    if not code:
        return ""
    return (names if names is not None else country_names()).get(code.upper(), code)


#: The colour of each status's tag (blue: with the agency, yellow: waiting for the
#: municipality, green: on its way, red: stopped, grey: finished).
STATUS_COLOURS = {
    Status.DRAFT: "grey", Status.SUBMITTED: "blue", Status.RECEIVED: "blue",
    Status.IN_REVIEW: "blue", Status.AWAITING_MUNICIPALITY: "yellow",
    Status.APPROVED: "green", Status.TRAVEL_BOOKED: "green", Status.DEPARTED: "green",
    Status.CLOSED: "grey", Status.REJECTED: "red", Status.WITHDRAWN: "grey",
    Status.CANCELLED: "red",
}


ID_SLOT = 987654321


def url_around_id(endpoint: str, name: str = "request_id") -> tuple[str, str]:
    """A list's row URL built once: the parts before and after the id, so each of fifty rows
    pays a string join instead of a url_for."""
    before, _slot, after = url_for(endpoint, **{name: ID_SLOT}).partition(str(ID_SLOT))
    return before, after


@lru_cache(maxsize=4096)
def _formatted_day(value: date, fmt: str, locale: str) -> str:
    return babel_dates.format_date(value, fmt, locale=locale)


def day(value, fmt: str = "medium") -> str:
    """A date the reader's way. Calendar dates are remembered per language: Babel spends
    some 150 calls on each, and the answer never changes. Timestamps go through
    Flask-Babel, which first moves them to the reader's time zone."""
    if not value:
        return ""
    if isinstance(value, datetime):
        return format_date(value, fmt)
    return _formatted_day(value, fmt, str(get_locale()))


@cache
def _group_symbol(locale: str) -> str:
    return Locale.parse(locale).number_symbols["latn"]["group"]


def number(value) -> str:
    """A number the reader's way (1.234 in Danish, 1,234 in English). Whole numbers, the
    common case on list pages, skip Babel's pattern machinery."""
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}".replace(",", _group_symbol(str(get_locale())))
    return format_decimal(value)


def money(value: Decimal | float | int | None, currency: str = "DKK") -> str:
    if value is None:
        return ""
    return f"{format_decimal(value, format='#,##0.00')} {currency}"


@lru_cache(maxsize=64)
def _navigation(role: Role, script_root: str) -> tuple[tuple[str, str, object], ...]:
    """(endpoint, URL, label) of a role's menu. Built once per role: a dozen url_for calls
    on every page came to a tenth of a list page's rendering, and the answer never changes
    while the app runs. The labels stay lazy, so each page still shows its own language."""
    return tuple((endpoint, url_for(endpoint), label)
                 for endpoint, label in NAVIGATION.get(role, ())
                 if endpoint in current_app.view_functions)


@lru_cache(maxsize=8)
def _frame_urls(script_root: str) -> dict[str, str]:
    """The URLs every page's frame links to, built once (see _navigation)."""
    return {
        "css": url_for("static", filename="css/portal.css"),
        "icon": url_for("static", filename="img/favicon.svg"),
        "js": url_for("static", filename="js/portal.js"),
        "home": url_for("main.index"),
        "set_language": url_for("auth.set_language"),
        "change_password": url_for("auth.change_password"),
        "logout": url_for("auth.logout"),
        "accessibility": url_for("main.accessibility"),
    }


def register(app) -> None:
    @app.context_processor
    def inject():
        navigation = ()
        if current_user.is_authenticated:
            navigation = _navigation(current_user.role, request.script_root)
        return {
            "navigation": navigation,
            "frame_urls": _frame_urls(request.script_root),
            "language_form": LanguageForm(formdata=None, lang=str(get_locale()),
                                          next=request.full_path.rstrip("?")),
            "current_locale": str(get_locale()),
            "country_name": country_name,
        }

    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["date"] = day
    app.jinja_env.filters["datetime"] = (
        lambda d, fmt="short": format_datetime(d, fmt) if isinstance(d, datetime) else ""
    )
    app.jinja_env.filters["number"] = number
    app.jinja_env.globals["today"] = date.today
    app.jinja_env.globals["status_colours"] = STATUS_COLOURS
    app.jinja_env.globals["url_around_id"] = url_around_id
    from portal.agency.queue_table import queue_rows
    app.jinja_env.globals["queue_rows"] = queue_rows
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
