"""The wizard's steps: which steps a request has, and saving each one as a draft."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import rules
from portal.extensions import db
from portal.models import (
    ChildEscortSupplement,
    ReconTrip,
    Relation,
    Request,
    RequestKind,
    RequestPerson,
)
from portal.services.accounts import audit
from portal.services.filing import cash
from portal.workflow import Status

STEP_LABELS = {
    "travellers": _l("Travellers"),
    "trip": _l("The trip"),
    "waivers": _l("Waivers"),
    "departure": _l("Departure forms"),
    "supplement": _l("Child/escort supplement"),
    "cash": _l("Cash"),
    "declarations": _l("Cash declarations"),
    "attachments": _l("Documents"),
    "check": _l("Check your answers"),
}


class FilingError(Exception):
    """A step or submission the rules refuse; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def travellers(req: Request) -> list[RequestPerson]:
    return [rp for rp in req.participants if rp.travels]


def departure_date(req: Request) -> date:
    return req.case.planned_departure or date.today()


def is_minor(req: Request, person) -> bool:
    """Under 18 on the departure date (someone born after it counts as a minor)."""
    return safe_is_minor(person.birth_date, departure_date(req))


def safe_is_minor(birth_date: date, day: date) -> bool:
    return day < birth_date or rules.is_minor(birth_date, day)


def needs_supplement(req: Request) -> bool:
    return rules.needs_child_escort_supplement(
        (rp.person.relation.value, is_minor(req, rp.person)) for rp in travellers(req))


def guardian_travels(req: Request, guardian: dict) -> bool:
    """A holder of custody travels when an adult traveller (not the escort) has their name."""
    name = " ".join((guardian.get("name") or "").split()).casefold()
    return bool(name) and any(
        " ".join(rp.person.full_name.split()).casefold() == name
        and rp.person.relation is not Relation.ESCORT and not is_minor(req, rp.person)
        for rp in travellers(req))


def escort_travels(req: Request) -> bool:
    return any(rp.person.relation is Relation.ESCORT for rp in travellers(req))


def minors_unaccompanied(req: Request) -> bool:
    """Minors travel with neither a consenting holder of custody nor an escort."""
    if not any(is_minor(req, rp.person) for rp in travellers(req)):
        return False
    guardians = req.supplement.guardians if req.supplement else []
    return not rules.minors_accompanied(
        consenting_guardian_travels=any(g.get("consents") and guardian_travels(req, g)
                                        for g in guardians),
        escort_travels=escort_travels(req))


UNACCOMPANIED = _l("A child cannot travel without a holder of custody who consents and "
                   "travels along (enter their name as in the case), or an escort.")


def household_address(req: Request) -> str:
    """The household's address in Denmark: the first one given on the departure step."""
    return next((rp.address_denmark for rp in travellers(req) if rp.address_denmark), "")


def needs_declarations(req: Request) -> bool:
    try:
        return bool(cash.declarants(req))
    except cash.CashError:
        return False


def steps(req: Request) -> list[str]:
    """The steps of this request now; the supplement and declarations appear by themselves."""
    if req.kind is RequestKind.RECON_TRIP:
        return ["trip", "attachments", "check"]
    result = ["travellers"]
    if req.kind is RequestKind.FLEXIBLE_PAYMENT:
        result.append("waivers")
    result.append("departure")
    if needs_supplement(req):
        result.append("supplement")
    result.append("cash")
    if needs_declarations(req):
        result.append("declarations")
    result += ["attachments", "check"]
    return result


def next_step(req: Request, step: str) -> str:
    names = steps(req)
    if step not in names:
        return names[0]
    return names[min(names.index(step) + 1, len(names) - 1)]


def current_step(req: Request) -> str:
    names = steps(req)
    return req.draft_step if req.draft_step in names else names[0]


def _require_draft(req: Request) -> None:
    if req.status is not Status.DRAFT:
        raise FilingError(_("This request has been submitted and can no longer be changed."))


def _done(req: Request, step: str, user) -> str:
    nxt = next_step(req, step)
    req.draft_step = nxt
    audit.record("save_draft", request_obj=req, detail=f"step={step}", user=user)
    db.session.flush()
    return nxt


def save_travellers(req: Request, person_ids: set[int], user) -> str:
    _require_draft(req)
    if not person_ids:
        raise FilingError(_("Choose at least one person who travels."), "travellers")
    for rp in req.participants:
        rp.travels = rp.person_id in person_ids
    fallback = cash.default_carrier(req)
    for rp in req.participants:
        if rp.travels and is_minor(req, rp.person) and (
                rp.cash_carrier_id is None or rp.cash_carrier_id not in person_ids):
            rp.cash_carrier_id = fallback.id if fallback else None
    return _done(req, "travellers", user)


def save_waivers(req: Request, answers: dict[int, tuple[bool, bool]], user) -> str:
    """Every adult waives regret and reintegration; dual citizens also release citizenship."""
    _require_draft(req)
    errors = []
    for rp in travellers(req):
        if is_minor(req, rp.person):
            continue
        regret, citizenship = answers.get(rp.person.id, (False, False))
        rp.waives_regret_and_reintegration = regret
        rp.waives_citizenship = citizenship if rp.person.danish_citizen else False
        if not regret:
            errors.append((f"p{rp.person.id}_regret",
                           _("%(name)s must waive the right to regret and reintegration "
                             "assistance.", name=rp.person.full_name)))
        if rp.person.danish_citizen and not citizenship:
            errors.append((f"p{rp.person.id}_citizenship",
                           _("%(name)s is a dual citizen and must ask for release from Danish "
                             "citizenship.", name=rp.person.full_name)))
    if errors:
        db.session.flush()
        raise StepErrors(errors)
    return _done(req, "waivers", user)


class StepErrors(FilingError):
    """Several field errors at once: [(field name, message)]."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(errors[0][1], errors[0][0])
        self.errors = errors


#: The departure-step answers every form prints; a blank one takes the household's.
HOUSEHOLD_FIELDS = ("address_denmark", "address_abroad", "contact_abroad")


def save_departure(req: Request, details: dict[int, tuple[str, ...]], user) -> str:
    """Per traveller: address abroad, contact abroad, special needs, and optionally the
    address in Denmark and an interpreter's language code. A household moves together, so
    an address or contact left blank takes the first answer given for another traveller."""
    _require_draft(req)
    people = travellers(req)
    for rp in people:
        address, contact, needs, *more = details.get(rp.person.id, ("", "", ""))
        address_dk, language = (*more, "", "")[:2]
        rp.address_denmark = (address_dk or "").strip()[:300]
        rp.interpreter_language = (language or "").strip()[:10]
        rp.address_abroad = (address or "").strip()[:300]
        rp.contact_abroad = (contact or "").strip()[:200]
        rp.special_needs = (needs or "").strip()[:500]
    for name in HOUSEHOLD_FIELDS:
        shared = next((getattr(rp, name) for rp in people if getattr(rp, name)), "")
        for rp in people:
            if not getattr(rp, name):
                setattr(rp, name, shared)
    return _done(req, "departure", user)


def departure_gaps(req: Request) -> bool:
    """A traveller's departure form would print an address or contact blank."""
    return any(not getattr(rp, name) for rp in travellers(req) for name in HOUSEHOLD_FIELDS)


@dataclass(frozen=True)
class SupplementInput:
    guardians: list[dict]
    consent_confirmed: bool
    escort_person_id: int | None
    escort_organisation: str
    escort_returns_on: date | None
    notes: str = ""
    escorted_ids: set[int] = field(default_factory=set)  # the minors the escort travels with


def save_supplement(req: Request, data: SupplementInput, user) -> str:
    _require_draft(req)
    supplement = req.supplement or ChildEscortSupplement()
    req.supplement = supplement
    supplement.guardians = [
        {**g, "consent_date": g["consent_date"].isoformat() if g.get("consent_date") else None}
        for g in data.guardians if g.get("name")]
    supplement.consent_confirmed = data.consent_confirmed
    supplement.escort_organisation = data.escort_organisation.strip()[:200]
    supplement.escort_returns_on = data.escort_returns_on
    escorts = {p.id for p in req.case.persons if p.relation is Relation.ESCORT}
    supplement.escort_person_id = data.escort_person_id if data.escort_person_id in escorts \
        else None
    for rp in req.participants:  # only travelling minors, and only with an escort
        rp.escorted = bool(supplement.escort_person_id) and rp.person_id in data.escorted_ids \
            and rp.travels and is_minor(req, rp.person)
    errors = []
    minors = any(is_minor(req, rp.person) for rp in travellers(req))
    if minors and not supplement.guardians:
        errors.append(("guardian1_name", _("Enter at least one holder of custody.")))
    if minors and not data.consent_confirmed:
        errors.append(("consent_confirmed",
                       _("Confirm that the holders of custody consent to the departure.")))
    named = [g for g in data.guardians if g.get("name")]
    for number, guardian in enumerate(data.guardians, start=1):
        if not guardian.get("name") or not guardian.get("consents"):
            continue
        if guardian.get("consent_date") is None:
            errors.append((f"guardian{number}_consent_date",
                           _("Enter the date the consent was given.")))
        elif guardian["consent_date"] > date.today():
            errors.append((f"guardian{number}_consent_date",
                           _("The date of consent cannot be in the future.")))
    for index in rules.refused_consents_confirmed([bool(g.get("consents")) for g in named],
                                                  data.consent_confirmed):
        number = data.guardians.index(named[index]) + 1
        errors.append((f"guardian{number}_consents", _(
            "%(name)s does not consent, so the consent cannot be confirmed. Answer Yes only "
            "if they consent, or untick the confirmation.", name=named[index]["name"])))
    escort = next((p for p in req.case.persons if p.id == supplement.escort_person_id), None)
    if escort is not None and not escort.passport_number:
        errors.append(("escort_person", _(
            "Enter %(name)s's passport on the case's person page: the escort travels on it "
            "and the supplement prints it.", name=escort.full_name)))
    if minors and supplement.guardians and minors_unaccompanied(req):
        errors.append(("escort_person", str(UNACCOMPANIED)))
    if minors and supplement.escort_person_id and not any(rp.escorted for rp in req.participants):
        errors.append(("escorted", _("Choose the children the escort travels with.")))
    if data.escort_returns_on and data.escort_returns_on < departure_date(req):
        errors.append(("escort_returns_on",
                       _("The escort's return date cannot be before the departure.")))
    if errors:
        db.session.flush()
        raise StepErrors(errors)
    return _done(req, "supplement", user)


def save_cash(req: Request, entries: dict[int, tuple[int | None, Decimal | None, str | None]],
              user) -> str:
    """Per traveller: who carries a minor's money, and other cash in any table currency."""
    _require_draft(req)
    rates = cash.latest_rates()
    ids = {rp.person.id for rp in travellers(req)}
    errors = []
    for rp in travellers(req):
        carrier_id, amount, currency = entries.get(rp.person.id, (None, None, None))
        if is_minor(req, rp.person):
            rp.cash_carrier_id = carrier_id if carrier_id in ids else rp.cash_carrier_id
        if amount is not None and amount < 0:
            errors.append((f"p{rp.person.id}_amount", _("The amount cannot be negative.")))
            continue
        if amount and (currency or "").upper() not in rates:
            errors.append((f"p{rp.person.id}_currency",
                           _("Choose a currency from the agency's exchange-rate table.")))
            continue
        rp.other_cash_amount = amount or None
        rp.other_cash_currency = currency.upper() if amount and currency else None
    if errors:
        raise StepErrors(errors)
    db.session.flush()
    return _done(req, "cash", user)


def save_declarations(req: Request, details: dict[int, cash.DeclarationInput],
                      customs_assist: bool, user, today: date) -> str:
    _require_draft(req)
    errors = []
    for person_id, data in details.items():
        for name in ("owner", "intended_recipient", "origin", "intended_use", "route",
                     "means_of_transport"):
            if not getattr(data, name).strip():
                errors.append((f"p{person_id}_{name}", _("Fill in this field of the "
                                                        "declaration.")))
    if errors:
        raise StepErrors(errors)
    cash.sync_declarations(req, details, customs_assist)
    try:
        cash.check_customs_deadline(req, today)
    except cash.CashError as exc:
        raise FilingError(str(exc), "customs_assist") from None
    return _done(req, "declarations", user)


@dataclass(frozen=True)
class TripInput:
    person_ids: set[int]
    destination_country: str
    purpose: str
    first_day: date
    last_day: date
    benefit_kept: str
    support_requested: bool


def save_trip(req: Request, data: TripInput, user) -> str:
    _require_draft(req)
    if not data.person_ids:
        raise FilingError(_("Choose at least one person who travels."), "travellers")
    if data.last_day < data.first_day:
        raise FilingError(_("The last day of the trip cannot be before the first day."),
                          "last_day")
    for rp in req.participants:
        rp.travels = rp.person_id in data.person_ids
    trip = req.recon_trip or ReconTrip(destination_country=data.destination_country,
                                       first_day=data.first_day, last_day=data.last_day)
    req.recon_trip = trip
    trip.destination_country = data.destination_country
    trip.purpose = data.purpose.strip()[:5000]
    trip.first_day = data.first_day
    trip.last_day = data.last_day
    trip.benefit_kept = data.benefit_kept.strip()[:200]
    trip.support_requested = data.support_requested
    return _done(req, "trip", user)
