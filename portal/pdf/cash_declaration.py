"""The cash declaration ("Angivelse af likvide midler") for one traveller carrying cash.

The fields are those EU Regulation 2018/1672 asks of a carrier (the customs form no. 14.029
holds the same): carrier, owner, intended recipient, amount and type of cash, its origin and
intended use, the route and the means of transport.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from portal.rules import N_

from .blocks import Form, case_summary, person_fields
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


def _customs(data: CashDeclarationData, form: Form) -> list[Flowable]:
    assists = form.check(data.customs_assist,
                         N_("Hjemrejsestyrelsen assists with the customs clearance at departure."))
    if data.customs_assist:
        return [assists, form.text(N_(
            "The completed and signed declaration must reach Hjemrejsestyrelsen no "
            "later than %(deadline)s (2 working days before departure; weekends and "
            "Danish public holidays do not count)."),
            deadline=form.fmt.date_text(data.customs_deadline))]
    return [assists, form.text(
        N_("The carrier declares the cash to customs personally when leaving the EU."))]


def render_cash_declaration(data: CashDeclarationData, fmt: Formatter) -> bytes:
    """Render the declaration of one carrier as PDF bytes."""
    form = Form(fmt, TITLE, data.case)
    form.add(form.text(N_(
        "Required for each traveller who leaves the EU carrying cash worth "
        "%(threshold)s or more: the threshold of EU Regulation 2018/1672 includes "
        "the amount itself. The content corresponds to customs form no. 14.029."),
        "intro", threshold=fmt.money_text(data.threshold_eur, "EUR")))
    form.section(N_("Carrier (the person carrying the cash)"), person_fields(fmt, data.carrier),
                 form.fields([[(N_("Address"), data.carrier_address)]]))
    form.section(N_("Owner and intended recipient of the cash"), form.fields([
        [(N_("Owner"), data.owner, 5), (N_("Address of the owner"), data.owner_address, 7)],
        [(N_("Intended recipient"), data.intended_recipient, 5),
         (N_("Address of the recipient"), data.recipient_address, 7)],
    ]))
    form.section(N_("Cash carried"), form.fields([
        [(N_("Amount"), fmt.money_text(data.amount, data.currency), 4),
         (N_("Currency"), data.currency, 2),
         (N_("Type of cash"), data.cash_type, 6)],
        [(N_("Value in euro"), _conversion(data, fmt))],
        [(N_("Economic origin of the cash"), data.origin)],
        [(N_("Intended use of the cash"), data.intended_use)],
    ]))
    form.section(N_("Journey"), form.fields([
        [(N_("Route (departure, transit and destination)"), data.route, 8),
         (N_("Date of departure"), fmt.date_text(data.case.planned_departure), 4)],
        [(N_("Means of transport (e.g. airline and flight number)"), data.means_of_transport)],
    ]))
    form.section(N_("Customs clearance"), _customs(data, form))
    lead = [form.bar(N_("Case and municipality")), *case_summary(fmt, data.case)]
    statement = fmt.t(N_(
        "I declare that the information given in this declaration is correct and "
        "complete. Failing to declare cash or declaring it incorrectly may lead to "
        "a fine and the cash being held by customs."))
    form.sign(N_("Declaration and signature of the carrier"),
              [(data.carrier.full_name, fmt.t(N_("Carrier")))], statement, lead=lead)
    return form.pdf()
