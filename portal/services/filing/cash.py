"""Cash carried per traveller, conversion at the agency's table, and the declarations due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from portal import formatting, rules
from portal.extensions import db
from portal.models import CashDeclaration, ExchangeRate, RateYear, Relation, Request

FLEX_CURRENCY = "DKK"


class CashError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Rate:
    units_per_eur: Decimal
    rate_date: date


@dataclass(frozen=True)
class RatesChoice:
    rates: rules.Rates
    wanted_year: int
    fallback: bool  # True when the departure year has no rates and an earlier year is used


@dataclass
class TravellerCash:
    person: object
    flexible_dkk: Decimal  # flexible-payment amounts this traveller carries (own + children's)
    other_amount: Decimal | None
    other_currency: str | None
    amount_eur: Decimal
    declaration_required: bool
    amount: Decimal  # what goes on the declaration, in `currency`
    currency: str
    rate: Decimal
    rate_date: date


def _minor(birth_date: date, day: date | None) -> bool:
    day = day or date.today()
    return day < birth_date or rules.is_minor(birth_date, day)


def latest_rates() -> dict[str, Rate]:
    """The newest rate per currency (one statement)."""
    result: dict[str, Rate] = {"EUR": Rate(Decimal(1), date.today())}
    for row in db.session.scalars(select(ExchangeRate).order_by(ExchangeRate.rate_date)):
        result[row.currency.upper()] = Rate(row.units_per_eur, row.rate_date)
    return result


def currency_choices() -> list[tuple[str, str]]:
    return [(code, code) for code in sorted(latest_rates())]


def to_eur(amount: Decimal, currency: str, rates: dict[str, Rate]) -> Decimal:
    table = {code: rate.units_per_eur for code, rate in rates.items() if code != "EUR"}
    try:
        return rules.to_eur(amount, currency, table)
    except ValueError as exc:
        raise CashError(_(str(exc)), "currency") from None


def rates_for(departure: date) -> RatesChoice:
    """The rate year for the departure; else the latest year before it, and say so."""
    wanted = rules.rates_year_for(departure)
    row = db.session.scalar(select(RateYear).where(RateYear.year <= wanted)
                            .order_by(RateYear.year.desc()).limit(1))
    if row is None:
        raise CashError(_("The agency has no rates for %(year)s or earlier. Call the hotline.",
                          year=wanted))
    rates = rules.Rates(row.year, row.adult_departure, row.child_departure,
                        row.adult_after_arrival, row.adult_after_arrival_with_reintegration,
                        row.child_after_arrival)
    return RatesChoice(rates=rates, wanted_year=wanted, fallback=row.year != wanted)


def rates_on(day: date) -> rules.Rates | None:
    """The rates a payment on that day is computed with (see rates_for), or None."""
    try:
        return rates_for(day).rates
    except CashError:
        return None


def rates_warnings(req: Request, today: date | None = None) -> list[str]:
    """What the amounts of a request rest on that may be out of date: the rates of an earlier
    year (none yet for the departure year), or an exchange rate more than 7 days old on the
    day of filing (the submission day, or today for a draft)."""
    warnings = []
    departure = req.case.planned_departure
    if req.kind.value == "flexible_payment" and departure is not None:
        try:
            choice = rates_for(departure)
        except CashError:
            choice = None  # the page shows the missing rates as an error already
        if choice is not None and choice.fallback:
            warnings.append(_("calculated on %(used)s rates; rates for %(wanted)s are missing",
                              used=choice.rates.year, wanted=choice.wanted_year))
    filed = req.submitted_at.date() if req.submitted_at else (today or date.today())
    try:
        carried = traveller_cash(req)
    except CashError:
        carried = []
    used = {FLEX_CURRENCY for t in carried if t.flexible_dkk} | {
        t.other_currency.upper() for t in carried if t.other_amount and t.other_currency}
    # the date stored on a declaration is the rate it was filed with; else the table's newest
    dates = {code: rate.rate_date for code, rate in latest_rates().items()}
    dates.update({d.currency.upper(): d.rate_date for d in req.cash_declarations
                  if d.rate_date is not None and d.currency and d.currency.upper() != "EUR"})
    used |= {d.currency.upper() for d in req.cash_declarations if d.currency}
    for currency in sorted(used - {"EUR"}):
        rate_date = dates.get(currency)
        if rate_date is not None and rules.exchange_rate_stale(rate_date, filed):
            warnings.append(_(
                "the exchange rate for %(currency)s is from %(date)s, more than %(days)d days "
                "before filing", currency=currency, date=formatting.day(rate_date),
                days=rules.EXCHANGE_RATE_MAX_AGE_DAYS))
    return warnings


def flexible_amounts(req: Request, departure: date, choice: RatesChoice) -> dict[int, Decimal]:
    """Person id -> the flexible-payment amount in kroner, for each traveller."""
    result = {}
    for rp in req.participants:
        if rp.travels:
            birth = min(rp.person.birth_date, departure)  # born after departure: a child
            result[rp.person.id] = rules.flexible_payment_amount(choice.rates, birth, departure)
    return result


def default_carrier(req: Request):
    """The applicant carries a minor's money, else the first adult traveller."""
    departure = req.case.planned_departure
    adults = [rp.person for rp in req.participants
              if rp.travels and not _minor(rp.person.birth_date, departure)]
    for person in adults:
        if person.relation is Relation.APPLICANT:
            return person
    return adults[0] if adults else None


def traveller_cash(req: Request) -> list[TravellerCash]:
    """For each traveller: what they carry, in EUR, and whether a declaration is required."""
    case = req.case
    departure = case.planned_departure
    rates = latest_rates()
    flex: dict[int, Decimal] = {}
    if req.kind.value == "flexible_payment" and departure is not None:
        flex = flexible_amounts(req, departure, rates_for(departure))
    travellers = [rp for rp in req.participants if rp.travels]
    carried = {rp.person.id: Decimal(0) for rp in travellers}
    fallback = default_carrier(req)
    for rp in travellers:
        amount = flex.get(rp.person.id, Decimal(0))
        if not amount:
            continue
        carrier_id = rp.person.id
        if departure is not None and _minor(rp.person.birth_date, departure):
            carrier_id = rp.cash_carrier_id or (fallback.id if fallback else rp.person.id)
        if carrier_id not in carried:
            carrier_id = rp.person.id
        carried[carrier_id] += amount
    result = []
    dkk = rates.get(FLEX_CURRENCY)
    for rp in travellers:
        flex_dkk = carried[rp.person.id]
        eur = to_eur(flex_dkk, FLEX_CURRENCY, rates) if flex_dkk else Decimal("0.00")
        other_eur = Decimal(0)
        if rp.other_cash_amount and rp.other_cash_currency:
            other_eur = to_eur(rp.other_cash_amount, rp.other_cash_currency, rates)
        total = eur + other_eur
        if flex_dkk and not rp.other_cash_amount:
            amount, currency, rate = flex_dkk, FLEX_CURRENCY, dkk
        elif rp.other_cash_amount and not flex_dkk:
            amount, currency = rp.other_cash_amount, rp.other_cash_currency.upper()
            rate = rates.get(currency)
        elif flex_dkk and rp.other_cash_currency and rp.other_cash_currency.upper() == "DKK":
            amount, currency, rate = flex_dkk + rp.other_cash_amount, FLEX_CURRENCY, dkk
        else:
            amount, currency, rate = total, "EUR", rates["EUR"]
        rate = rate or rates["EUR"]
        result.append(TravellerCash(
            person=rp.person, flexible_dkk=flex_dkk, other_amount=rp.other_cash_amount,
            other_currency=rp.other_cash_currency, amount_eur=total,
            declaration_required=rules.cash_declaration_required(total),
            amount=amount, currency=currency, rate=rate.units_per_eur, rate_date=rate.rate_date))
    return result


def declarants(req: Request) -> list[TravellerCash]:
    return [t for t in traveller_cash(req) if t.declaration_required]


@dataclass(frozen=True)
class DeclarationInput:
    owner: str
    intended_recipient: str
    cash_type: str
    origin: str
    intended_use: str
    route: str
    means_of_transport: str
    carrier_address: str = ""
    owner_address: str = ""
    recipient_address: str = ""


def sync_declarations(req: Request, details: dict[int, DeclarationInput],
                      customs_assist: bool) -> None:
    """One declaration per traveller at or above the threshold; others are removed."""
    from portal.models import CashType

    due = {t.person.id: t for t in declarants(req)}
    for declaration in list(req.cash_declarations):
        if declaration.person_id not in due:
            req.cash_declarations.remove(declaration)
    existing = {d.person_id: d for d in req.cash_declarations}
    for person_id, cash in due.items():
        declaration = existing.get(person_id)
        if declaration is None:
            declaration = CashDeclaration(person_id=person_id, amount=cash.amount,
                                          currency=cash.currency, amount_eur=cash.amount_eur)
            req.cash_declarations.append(declaration)
        data = details.get(person_id)
        if data is not None:
            declaration.owner = data.owner.strip()[:200]
            declaration.intended_recipient = data.intended_recipient.strip()[:200]
            declaration.cash_type = CashType(data.cash_type)
            declaration.origin = data.origin.strip()[:300]
            declaration.intended_use = data.intended_use.strip()[:300]
            declaration.route = data.route.strip()[:300]
            declaration.means_of_transport = data.means_of_transport.strip()[:100]
            declaration.carrier_address = data.carrier_address.strip()[:300]
            declaration.owner_address = data.owner_address.strip()[:300]
            declaration.recipient_address = data.recipient_address.strip()[:300]
        declaration.amount = cash.amount
        declaration.currency = cash.currency
        declaration.amount_eur = cash.amount_eur
        declaration.rate = cash.rate
        declaration.rate_date = cash.rate_date
        declaration.customs_assist = customs_assist
    db.session.flush()


def customs_deadline(req: Request) -> date | None:
    departure = req.case.planned_departure
    return rules.customs_deadline(departure) if departure else None


def check_customs_deadline(req: Request, today: date) -> None:
    """Refuse a submission after the last day when the agency is to assist with customs."""
    if not any(d.customs_assist for d in req.cash_declarations):
        return
    deadline = customs_deadline(req)
    if deadline is not None and today > deadline:
        from flask_babel import format_date

        raise CashError(_(
            "The declaration had to reach the agency by %(date)s for the agency to assist with "
            "the customs clearance. Untick “the agency assists with customs clearance”, or "
            "change the departure date with the agency.", date=format_date(deadline, "long")),
            "customs_assist")
