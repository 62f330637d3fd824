"""The departure form ("Udrejseblanket"): one per person who receives a decision on assistance."""

from __future__ import annotations

from portal.rules import CASH_DECLARATION_THRESHOLD_EUR, N_

from .base import para
from .blocks import Form, checkbox, checkboxes, person_fields, yes_no
from .data import DepartureFormData, Formatter

TITLE = N_("Departure form")


def _baggage_text(data: DepartureFormData, fmt: Formatter) -> str:
    if data.person.baggage_kg is None:
        return ""
    if data.person.baggage_kg == 0:
        return fmt.t(N_("No own allowance (under 2 years)"))
    return fmt.t(N_("%(kg)s kg"), kg=data.person.baggage_kg)


def render_departure_form(data: DepartureFormData, fmt: Formatter) -> bytes:
    """Render one person's departure form as PDF bytes."""
    person = data.person
    form = Form(fmt, TITLE, data.case, N_(
        "One form for each person who receives a decision on repatriation assistance. "
        "Families with minors or a travelling escort add the child and escort supplement."))
    form.section(N_("The person travelling"), person_fields(fmt, person), form.fields([
        [(N_("Address in Denmark"), data.address_denmark, 7),
         (N_("Minor on the departure date"), yes_no(fmt, person.is_minor), 5)],
        [(N_("Language (interpreter needed)"), data.interpreter_language, 7),
         (N_("Baggage allowance (general rule)"), _baggage_text(data, fmt), 5)],
    ]))
    form.case_section()
    form.section(N_("Journey and arrival"), form.fields([
        [(N_("Route"), data.route_label, 8), (N_("Arrival city or airport"), data.arrival_city, 4)],
        [(N_("Address abroad"), data.address_abroad)],
        [(N_("Contact person abroad (name and phone)"), data.contact_abroad)],
        [(N_("Travels together with"), ", ".join(data.co_travellers))],
    ]))
    form.section(N_("Baggage"), form.text(N_(
        "The general allowance is %(kg)s kg per person aged 2 or over. The ticket "
        "decides: always check the allowance on the person's own ticket. Extra "
        "weight cannot be booked before departure; it is paid to the airline at the "
        "airport, typically about %(price)s per extra kilo."),
        kg=data.general_baggage_kg,
        price=fmt.money_text(data.extra_baggage_price_per_kg, "DKK")))
    form.section(N_("Special needs"), form.box(N_(
        "Health, mobility or other needs during the journey (e.g. wheelchair assistance)"),
        data.special_needs))
    threshold = fmt.money_text(CASH_DECLARATION_THRESHOLD_EUR, "EUR")
    enclosed = [
        form.bar(N_("Enclosed forms")),
        para(checkboxes(
            checkbox(data.supplement_attached, fmt.t(N_("Child and escort supplement"))),
            checkbox(data.cash_declaration_attached, fmt.t(
                N_("Cash declaration (cash worth %(threshold)s or more)"), threshold=threshold)),
        )),
    ]
    if person.is_minor:  # a holder of custody signs for the child, never the child
        signer = (data.signer_name, fmt.t(N_("Holder of custody for %(name)s"),
                                           name=person.full_name))
    else:
        signer = (person.full_name, fmt.t(N_("The person travelling")))
    statement = fmt.t(N_(
        "The information has been given by the person travelling and checked by the "
        "municipality. A guardian signs for a minor."))
    form.sign(N_("Signatures"), [signer, form.caseworker()], statement, lead=enclosed)
    return form.pdf()
