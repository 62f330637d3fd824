"""Where each labelled field of the official forms gets its value (issue 15, point 1).

One list per form, in the order printed: (label msgid, source, why it may be empty or None).
Sources: "wizard" (a question of the request wizard), "case" (the case and its persons),
"caseworker" (the caseworker's profile), "booking" (the agency's booking; before it, the form
prints "fastsættes af Hjemrejsestyrelsen"), "derived" (computed by the rules). A field that
may be empty says why: optional by nature, or not asked yet (the wizard question is still to
be added). tests/functional/test_official_forms.py renders every form for a full household
and checks that no other labelled field is empty.
"""

from __future__ import annotations

from portal.rules import N_

OPTIONAL = "optional"
NOT_ASKED = "not asked yet"

PERSON = (
    (N_("Full name"), "case", None),
    (N_("CPR number"), "case", OPTIONAL),  # a child born abroad has none
    (N_("Date of birth"), "case", None),
    (N_("Nationality"), "case", None),
    (N_("Relation"), "case", None),
    (N_("Phone"), "case", OPTIONAL),
    (N_("Passport or travel document no."), "case", OPTIONAL),
    (N_("Issued by (country)"), "case", OPTIONAL),
    (N_("Valid until"), "case", OPTIONAL),
)

CASE = (
    (N_("Case reference"), "case", None),
    (N_("Municipality"), "case", None),
    (N_("Type of case"), "case", None),
    (N_("Caseworker"), "caseworker", None),
    (N_("E-mail"), "caseworker", None),
    (N_("Caseworker's phone"), "caseworker", None),
    (N_("Destination country"), "case", None),
    (N_("Planned departure"), "case", None),
)

FORM_FIELDS: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    "departure": (
        *PERSON,
        (N_("Address in Denmark"), "wizard", None),
        (N_("Minor on the departure date"), "derived", None),
        (N_("Language (interpreter needed)"), "wizard", OPTIONAL),  # none needed
        (N_("Baggage allowance (general rule)"), "derived", None),
        *CASE,
        (N_("Route"), "booking", None),
        (N_("Arrival city or airport"), "booking", None),
        (N_("Address abroad"), "wizard", None),
        (N_("Contact person abroad (name and phone)"), "wizard", None),
        (N_("Travels together with"), "derived", OPTIONAL),  # someone travelling alone
    ),
    "supplement": (
        *CASE,
        (N_("Name"), "wizard", None),
        (N_("Relation to the children"), "wizard", None),
        (N_("Travels along"), "derived", None),
        (N_("Consent"), "wizard", None),
        (N_("Date of consent"), "wizard", None),
        *PERSON,  # the escort
        (N_("Escort for"), "wizard", OPTIONAL),  # an adult's escort escorts no child
    ),
    "cash": (
        *PERSON,
        (N_("Address"), "wizard", None),  # the household's address offered
        (N_("Owner"), "wizard", None),
        (N_("Address of the owner"), "wizard", None),
        (N_("Intended recipient"), "wizard", None),
        (N_("Address of the recipient"), "wizard", None),
        (N_("Amount"), "wizard", None),
        (N_("Currency"), "wizard", None),
        (N_("Type of cash"), "wizard", None),
        (N_("Value in euro"), "derived", None),
        (N_("Economic origin of the cash"), "wizard", None),
        (N_("Intended use of the cash"), "wizard", None),
        (N_("Route (departure, transit and destination)"), "wizard", None),
        (N_("Date of departure"), "case", None),
        (N_("Means of transport (e.g. airline and flight number)"), "wizard", None),
    ),
    "recon-trip": (
        *CASE,
        (N_("Destination"), "wizard", None),
        (N_("First day"), "wizard", None),
        (N_("Last day"), "wizard", None),
        (N_("Length of the trip"), "derived", None),
        (N_("Days with maintenance support"), "derived", None),
    ),
    "receipt": (
        (N_("Case reference"), "case", None),
        (N_("Request"), "case", None),
        (N_("Submitted"), "derived", None),
        (N_("Municipality"), "case", None),
        (N_("Submitted by"), "caseworker", None),
        (N_("Destination country"), "case", None),
    ),
}


def may_be_empty(form: str, label: str) -> bool:
    """Whether every field of that label on that form may be left empty."""
    reasons = [why for name, _source, why in FORM_FIELDS[form] if name == label]
    return bool(reasons) and all(why is not None for why in reasons)
