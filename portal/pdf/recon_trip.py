"""The request for a reconnaissance trip under § 6 of the repatriation act.

The trip lets a person see the country before deciding on repatriation; maintenance support
during the trip can be granted on application for up to 8 weeks.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from portal.rules import N_

from .base import bold_para, build_pdf, para
from .blocks import (
    Sections,
    case_fields,
    caseworker_signer,
    check_line,
    fields,
    list_table,
    person_columns,
    signature_section,
    text_box,
    title_block,
    translated,
)
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
    section = Sections(fmt)
    story: list[Flowable] = title_block(fmt, TITLE, N_(
        "A reconnaissance trip to the home country, or a country the person has close ties "
        "to, so that the decision on repatriation rests on a well-informed basis."))
    story += [*section(N_("Case and municipality")), *case_fields(fmt, data.case)]
    days = fmt.t(N_("%(days)s days"), days=data.trip_days)
    support_days = fmt.t(N_("%(days)s days"), days=data.support_days)
    story += [
        *section(N_("Persons travelling")),
        list_table(fmt, person_columns(fmt, passport=True), data.persons),
        *section(N_("The trip")),
        *fields(fmt, [
            [(N_("Destination"), data.destination, 6),
             (N_("First day"), fmt.date_text(data.first_day), 3),
             (N_("Last day"), fmt.date_text(data.last_day), 3)],
            [(N_("Length of the trip"), days), (N_("Days with maintenance support"), support_days)],
        ]),
        text_box(fmt, N_("Purpose of the trip"), data.purpose, min_lines=3),
        *section(N_("Maintenance support during the trip")),
        check_line(fmt, data.benefit_kept,
                   N_("The person keeps the current benefit during the trip.")),
        check_line(fmt, data.support_requested,
                   N_("Maintenance support during the trip is requested (§ 6).")),
    ]
    lead = [  # the last statements go along with the signature
        translated(fmt, N_("Maintenance support can be granted for at most %(max_days)s days "
                           "(%(weeks)s weeks)."),
                   max_days=data.max_support_days, weeks=data.max_support_days // 7),
        (bold_para if data.trip_days > data.max_support_days else para)(
            _support_statement(data, fmt)),
    ]
    bar = section.bar(N_("Signature of the municipality"))
    story.append(signature_section(fmt, bar, [caseworker_signer(fmt, data.case)], lead=lead))
    return build_pdf(fmt, title=TITLE, reference=data.case.reference, story=story)
