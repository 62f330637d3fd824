"""The request for flexible payment ("Anmodning om fleksibel udbetaling").

The whole assistance is paid in cash at departure; every adult waives the right to regret and
to reintegration assistance, and a dual citizen may also release the other citizenship.
"""

from __future__ import annotations

from functools import partial

from reportlab.platypus import Flowable

from portal.rules import N_, PROCESSING_TARGET_WEEKS

from .base import DRC_NAME, build_pdf, para
from .blocks import (
    Column,
    Sections,
    case_fields,
    caseworker_signer,
    check_line,
    checkbox,
    list_table,
    person_columns,
    signature_section,
    title_block,
    translated,
)
from .data import FlexiblePaymentData, FlexiblePaymentPerson, Formatter

TITLE = N_("Request for flexible payment")


def _waiver(fmt: Formatter, entry: FlexiblePaymentPerson) -> str:
    if entry.person.is_minor:
        return fmt.t(N_("Not applicable (minor)"))
    return checkbox(entry.waives_regret_and_reintegration, fmt.t(N_("Waived")))


def _citizenship(fmt: Formatter, entry: FlexiblePaymentPerson) -> str:
    if entry.person.is_minor or entry.releases_citizenship is None:
        return fmt.t(N_("Not applicable"))
    return checkbox(entry.releases_citizenship, fmt.t(N_("Released")))


def render_flexible_payment(data: FlexiblePaymentData, fmt: Formatter) -> bytes:
    """Render the request with its persons, waivers, amounts and attachments."""
    section = Sections(fmt)
    columns = [
        *person_columns(fmt, of=lambda entry: entry.person),
        Column(N_("Right to regret and reintegration assistance"), 2.1, partial(_waiver, fmt)),
        Column(N_("Citizenship (dual citizens)"), 2.0, partial(_citizenship, fmt)),
        Column(N_("Amount"), 2.4, lambda e: fmt.money_text(e.amount, data.currency), right=True),
    ]
    story: list[Flowable] = title_block(fmt, TITLE, N_(
        "Sent by the municipality to Hjemrejsestyrelsen. The whole repatriation assistance "
        "is paid in cash at departure. Average processing time at the agency: %(low)s to "
        "%(high)s weeks."), low=PROCESSING_TARGET_WEEKS[0], high=PROCESSING_TARGET_WEEKS[1])
    story += [*section(N_("Case and municipality")), *case_fields(fmt, data.case)]
    total = (fmt.t(N_("Total, rates of %(year)s"), year=data.rates_year),
             fmt.money_text(data.total, data.currency))
    story += [
        *section(N_("Persons, waivers and amounts")),
        list_table(fmt, columns, data.persons, footer=total),
        translated(fmt, N_(
            "Every adult signs the waiver declaration. The amounts follow the rates of "
            "%(year)s for adults and children."), "note", year=data.rates_year),
        *([translated(fmt, N_("Warning: calculated on %(used)s rates; rates for %(wanted)s are "
                              "missing."), "note", used=data.rates_year,
                      wanted=data.rates_missing_year)] if data.rates_missing_year else []),
        *section(N_("Attachments")),
        check_line(fmt, data.waiver_attached, N_("Signed waiver declaration")),
        check_line(fmt, data.in325_attached, N_("Report of the decision on assistance (IN 325)")),
    ]
    story += [para(checkbox(True, title)) for title in data.attachments]
    notes = [  # kept on the page of the signature
        translated(fmt, N_(
            "Remember: both the waiver declaration and IN 325 must always be sent to "
            "%(drc)s as well."), "note", drc=DRC_NAME),
        translated(fmt, N_(
            "After departure, deregister every person from the CPR register, also after "
            "departure with flexible payment."), "note"),
    ]
    bar = section.bar(N_("Signature of the municipality"))
    story.append(signature_section(fmt, bar, [caseworker_signer(fmt, data.case)], lead=notes))
    return build_pdf(fmt, title=TITLE, reference=data.case.reference, story=story)
