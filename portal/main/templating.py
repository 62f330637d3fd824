"""Template globals and filters: navigation by role and the reader's formatting."""

from __future__ import annotations

from datetime import date

from flask import current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal import formatting
from portal.forms.auth import LanguageForm
from portal.models import Role
from portal.workflow import Status

#: Main menu per role; an endpoint that does not exist (yet) is simply left out.
NAVIGATION = {
    Role.CASEWORKER: (
        ("municipality.start", _l("My cases")),
        ("municipality.new_case", _l("New case")),
        ("info.archive", _l("Newsletter")),
        ("info.guidance", _l("Good to know")),
        ("info.routes", _l("Routes")),
        ("info.meetings", _l("Meetings")),
        ("info.contacts", _l("Contacts")),
        ("info.forms_and_links", _l("Forms and links")),
    ),
    Role.AGENCY: (
        ("agency.start", _l("Work queue")),
        ("agency.rebooking", _l("Rebooking")),
        ("agency.payouts", _l("Pending payouts")),
        ("agency.statistics", _l("Statistics")),
        ("info.manage", _l("Newsletter")),
        ("info.meetings", _l("Meetings")),
        ("reference.routes", _l("Routes")),
        ("reference.rates", _l("Rates")),
        ("info.guidance", _l("Good to know")),
        ("info.forms_and_links", _l("Forms and links")),
    ),
    Role.DRC_ADVISER: (
        ("drc.start", _l("Find a case")),
        ("info.archive", _l("Newsletter")),
        ("info.contacts", _l("Contacts")),
        ("info.forms_and_links", _l("Forms and links")),
    ),
    Role.ADMIN: (
        ("admin.start", _l("Users")),
        ("admin.audit", _l("Audit log")),
        ("admin.contact_list", _l("Contacts")),
        ("info.forms_and_links", _l("Forms and links")),
    ),
}

#: The colour of each status's tag (blue: with the agency, yellow: waiting for the
#: municipality, green: on its way, red: stopped, grey: finished).
STATUS_COLOURS = {
    Status.DRAFT: "grey", Status.SUBMITTED: "blue", Status.RECEIVED: "blue",
    Status.IN_REVIEW: "blue", Status.AWAITING_MUNICIPALITY: "yellow",
    Status.APPROVED: "green", Status.TRAVEL_BOOKED: "green", Status.DEPARTED: "green",
    Status.CLOSED: "grey", Status.ANNULLED: "grey", Status.REJECTED: "red",
    Status.WITHDRAWN: "grey",
    Status.CANCELLED: "red",
}


def navigation() -> list[tuple[str, str, object]]:
    """(endpoint, URL, label) of the current user's menu."""
    if not current_user.is_authenticated:
        return []
    return [(endpoint, url_for(endpoint), label)
            for endpoint, label in NAVIGATION.get(current_user.role, ())
            if endpoint in current_app.view_functions]


def register(app) -> None:
    @app.context_processor
    def inject():
        return {
            "navigation": navigation(),
            "language_form": LanguageForm(formdata=None, lang=get_locale().language,
                                          next=request.full_path.rstrip("?")),
            "current_locale": get_locale().language,
            "country_name": formatting.country_name,
        }

    app.jinja_env.filters["money"] = formatting.money
    app.jinja_env.filters["date"] = formatting.day
    app.jinja_env.filters["datetime"] = formatting.timestamp
    app.jinja_env.filters["number"] = formatting.number
    app.jinja_env.filters["rate"] = formatting.rate
    app.jinja_env.globals["today"] = date.today
    app.jinja_env.globals["status_colours"] = STATUS_COLOURS
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
