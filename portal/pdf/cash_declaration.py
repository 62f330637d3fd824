"""The cash declaration ("Angivelse af likvide midler") for one traveller carrying cash.

The fields are those EU Regulation 2018/1672 asks of a carrier (the customs form no. 14.029
holds the same): carrier, owner, intended recipient, amount and type of cash, its origin and
intended use, the route and the means of transport.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from portal.rules import N_

from .base import build_pdf
from .blocks import (
    Sections,
    case_summary,
    check_line,
    fields,
    person_fields,
    signature_section,
    title_block,
    translated,
)
from .data import CashDeclarationData, Formatter

TITLE = N_("Cash declaration")


def _conversion(data: CashDeclarationData, fmt: Formatter) -> str:
    return fmt.t(
        N_("%(amount)s corresponds to %(amount_eur)s at the agency's rate of %(rate)s "
           "%(currency)s per 1 EUR of %(rate_date)s."),
        amount=fmt.money_text(data.amount, data.currency),
        amount_eur=fmt.money_text(data.amount_eur, "EUR"),
        rate=fmt.rate_text(data.rate),
        currency=data.currency,
        rate_date=fmt.date_text(data.rate_date),
    )


def _customs(data: CashDeclarationData, fmt: Formatter) -> list[Flowable]:
    assists = check_line(fmt, data.customs_assist,
                         N_("Hjemrejsestyrelsen assists with the customs clearance at departure."))
    if data.customs_assist:
        return [assists, translated(fmt, N_(
            "The completed and signed declaration must reach Hjemrejsestyrelsen no "
            "later than %(deadline)s (2 working days before departure; weekends and "
            "Danish public holidays do not count)."),
            deadline=fmt.date_text(data.customs_deadline))]
    return [assists, translated(
        fmt, N_("The carrier declares the cash to customs personally when leaving the EU."))]


def render_cash_declaration(data: CashDeclarationData, fmt: Formatter) -> bytes:
    """Render the declaration of one carrier as PDF bytes."""
    section = Sections(fmt)
    story: list[Flowable] = title_block(fmt, TITLE)
    story.append(translated(fmt, N_(
        "Required for each traveller who leaves the EU carrying cash worth "
        "%(threshold)s or more: the threshold of EU Regulation 2018/1672 includes "
        "the amount itself. The content corresponds to customs form no. 14.029."),
        "intro", threshold=fmt.money_text(data.threshold_eur, "EUR")))
    story += [
        *section(N_("Carrier (the person carrying the cash)")),
        *person_fields(fmt, data.carrier),
        *fields(fmt, [[(N_("Address"), data.carrier_address)]]),
        *section(N_("Owner and intended recipient of the cash")),
        *fields(fmt, [
            [(N_("Owner"), data.owner, 5), (N_("Address of the owner"), data.owner_address, 7)],
            [(N_("Intended recipient"), data.intended_recipient, 5),
             (N_("Address of the recipient"), data.recipient_address, 7)],
        ]),
        *section(N_("Cash carried")),
        *fields(fmt, [
            [(N_("Amount"), fmt.money_text(data.amount, data.currency), 4),
             (N_("Currency"), data.currency, 2),
             (N_("Type of cash"), data.cash_type, 6)],
            [(N_("Value in euro"), _conversion(data, fmt))],
            [(N_("Economic origin of the cash"), data.origin)],
            [(N_("Intended use of the cash"), data.intended_use)],
        ]),
        *section(N_("Journey")),
        *fields(fmt, [
            [(N_("Route (departure, transit and destination)"), data.route, 8),
             (N_("Date of departure"), fmt.date_text(data.case.planned_departure), 4)],
            [(N_("Means of transport (e.g. airline and flight number)"), data.means_of_transport)],
        ]),
        *section(N_("Customs clearance")),
        *_customs(data, fmt),
    ]
    lead = [section.bar(N_("Case and municipality")), *case_summary(fmt, data.case)]
    statement = fmt.t(N_(
        "I declare that the information given in this declaration is correct and "
        "complete. Failing to declare cash or declaring it incorrectly may lead to "
        "a fine and the cash being held by customs."))
    bar = section.bar(N_("Declaration and signature of the carrier"))
    signers = [(data.carrier.full_name, fmt.t(N_("Carrier")))]
    story.append(signature_section(fmt, bar, signers, statement, lead=lead))
    return build_pdf(fmt, title=TITLE, reference=data.case.reference, story=story)
