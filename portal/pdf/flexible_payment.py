"""The request for flexible payment ("Anmodning om fleksibel udbetaling").

The whole assistance is paid in cash at departure; every adult waives the right to regret and
to reintegration assistance, and a dual citizen may also release the other citizenship.
"""

from __future__ import annotations

from functools import partial

from portal.rules import N_, PROCESSING_TARGET_WEEKS

from .base import DRC_NAME, para
from .blocks import Column, Form, checkbox, list_table, person_columns
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
    columns = [
        *person_columns(fmt, of=lambda entry: entry.person),
        Column(N_("Right to regret and reintegration assistance"), 2.1, partial(_waiver, fmt)),
        Column(N_("Citizenship (dual citizens)"), 2.0, partial(_citizenship, fmt)),
        Column(N_("Amount"), 2.4, lambda e: fmt.money_text(e.amount, data.currency), right=True),
    ]
    form = Form(fmt, TITLE, data.case, N_(
        "Sent by the municipality to Hjemrejsestyrelsen. The whole repatriation assistance "
        "is paid in cash at departure. Average processing time at the agency: %(low)s to "
        "%(high)s weeks."), low=PROCESSING_TARGET_WEEKS[0], high=PROCESSING_TARGET_WEEKS[1])
    form.case_section()
    total = (fmt.t(N_("Total, rates of %(year)s"), year=data.rates_year),
             fmt.money_text(data.total, data.currency))
    form.section(N_("Persons, waivers and amounts"),
                 list_table(fmt, columns, data.persons, footer=total),
                 form.text(N_("Every adult signs the waiver declaration. The amounts follow the "
                              "rates of %(year)s for adults and children."), "note",
                           year=data.rates_year))
    if data.rates_missing_year:
        form.add(form.text(N_("Warning: calculated on %(used)s rates; rates for %(wanted)s "
                              "are missing."), "note", used=data.rates_year,
                           wanted=data.rates_missing_year))
    form.section(N_("Attachments"),
                 form.check(data.waiver_attached, N_("Signed waiver declaration")),
                 form.check(data.in325_attached,
                            N_("Report of the decision on assistance (IN 325)")),
                 [para(checkbox(True, title)) for title in data.attachments])
    notes = [  # kept on the page of the signature
        form.text(N_("Remember: both the waiver declaration and IN 325 must always be sent to "
                     "%(drc)s as well."), "note", drc=DRC_NAME),
        form.text(N_("After departure, deregister every person from the CPR register, also "
                     "after departure with flexible payment."), "note"),
    ]
    form.sign(N_("Signature of the municipality"), [form.caseworker()], lead=notes)
    return form.pdf()
