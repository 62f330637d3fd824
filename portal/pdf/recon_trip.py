"""The request for a reconnaissance trip under § 6 of the repatriation act.

The trip lets a person see the country before deciding on repatriation; maintenance support
during the trip can be granted on application for up to 8 weeks.
"""

from __future__ import annotations

from portal.rules import N_

from .base import bold_para, para
from .blocks import Form
from .data import Formatter, ReconTripData

TITLE = N_("Request for a reconnaissance trip (§ 6)")


def _support_statement(data: ReconTripData, fmt: Formatter) -> str:
    """The plain consequence of the trip's length for the maintenance support."""
    if data.trip_days > data.max_support_days:
        return fmt.t(
            N_("The trip lasts %(trip_days)s days, longer than %(max_days)s days. Maintenance "
               "support stops after %(max_days)s days: the last %(unsupported)s days of the "
               "trip are without support."),
            trip_days=data.trip_days,
            max_days=data.max_support_days,
            unsupported=data.trip_days - data.max_support_days,
        )
    return fmt.t(N_("The trip lasts %(trip_days)s days, within the limit of %(max_days)s days."),
                 trip_days=data.trip_days, max_days=data.max_support_days)


def render_recon_trip(data: ReconTripData, fmt: Formatter) -> bytes:
    """Render the request with its persons, dates and the support asked for."""
    form = Form(fmt, TITLE, data.case, N_(
        "A reconnaissance trip to the home country, or a country the person has close ties "
        "to, so that the decision on repatriation rests on a well-informed basis."))
    form.case_section()
    days = fmt.t(N_("%(days)s days"), days=data.trip_days)
    support_days = fmt.t(N_("%(days)s days"), days=data.support_days)
    form.section(N_("Persons travelling"), form.persons(data.persons))
    form.section(N_("The trip"), form.fields([
        [(N_("Destination"), data.destination, 6),
         (N_("First day"), fmt.date_text(data.first_day), 3),
         (N_("Last day"), fmt.date_text(data.last_day), 3)],
        [(N_("Length of the trip"), days), (N_("Days with maintenance support"), support_days)],
    ]), form.box(N_("Purpose of the trip"), data.purpose, min_lines=3))
    form.section(N_("Maintenance support during the trip"),
                 form.check(data.benefit_kept,
                            N_("The person keeps the current benefit during the trip.")),
                 form.check(data.support_requested,
                            N_("Maintenance support during the trip is requested (§ 6).")))
    lead = [  # the last statements go along with the signature
        form.text(N_("Maintenance support can be granted for at most %(max_days)s days "
                     "(%(weeks)s weeks)."),
                  max_days=data.max_support_days, weeks=data.max_support_days // 7),
        (bold_para if data.trip_days > data.max_support_days else para)(
            _support_statement(data, fmt)),
    ]
    form.sign(N_("Signature of the municipality"), [form.caseworker()], lead=lead)
    return form.pdf()
