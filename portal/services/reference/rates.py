"""Rates per year and exchange rates: reference data kept by the agency."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from portal import rules
from portal.extensions import db
from portal.models import ExchangeRate, RateYear, Role, User
from portal.services import versioning
from portal.services.accounts import audit

RATE_FIELDS = ("adult_departure", "child_departure", "adult_after_arrival",
               "adult_after_arrival_with_reintegration", "child_after_arrival")


class ReferenceDataError(Exception):
    """A rule says no; str(exc) is a key the view turns into a message."""


@dataclass
class RatesInput:
    adult_departure: Decimal
    child_departure: Decimal
    adult_after_arrival: Decimal
    adult_after_arrival_with_reintegration: Decimal
    child_after_arrival: Decimal
    source: str = ""


def _require_agency(actor: User) -> None:
    if actor.role is not Role.AGENCY:
        raise PermissionError("only agency staff keep the reference data")


def rate_years() -> list[RateYear]:
    return list(db.session.scalars(select(RateYear).order_by(RateYear.year.desc())))


def get_rate_year(year: int) -> RateYear | None:
    return db.session.get(RateYear, year)


def add_rate_year(year: int, data: RatesInput, actor: User) -> RateYear:
    _require_agency(actor)
    if db.session.get(RateYear, year) is not None:
        raise ReferenceDataError("year_exists")
    rates = RateYear(year=year)
    _apply_rates(rates, data)
    db.session.add(rates)
    db.session.flush()
    audit.record("rates.created", detail=f"year={year}", user=actor)
    return rates


def update_rate_year(rates: RateYear, data: RatesInput, actor: User, *,
                     expected_version=None) -> RateYear:
    _require_agency(actor)
    if expected_version is not None:
        versioning.check(rates, expected_version, asdict(data))
    _apply_rates(rates, data)
    db.session.flush()
    audit.record("rates.updated", detail=f"year={rates.year}", user=actor)
    return rates


def _apply_rates(rates: RateYear, data: RatesInput) -> None:
    for name in RATE_FIELDS:
        setattr(rates, name, getattr(data, name))
    rates.source = (data.source or "").strip()


def latest_exchange_rates() -> list[ExchangeRate]:
    """The newest rate per currency, alphabetically."""
    newest = (select(ExchangeRate.currency, func.max(ExchangeRate.rate_date).label("d"))
              .group_by(ExchangeRate.currency).subquery())
    return list(db.session.scalars(
        select(ExchangeRate).join(newest, (ExchangeRate.currency == newest.c.currency)
                                  & (ExchangeRate.rate_date == newest.c.d))
        .order_by(ExchangeRate.currency)))


def exchange_rate_history(limit: int = 60) -> list[ExchangeRate]:
    return list(db.session.scalars(select(ExchangeRate).order_by(
        ExchangeRate.rate_date.desc(), ExchangeRate.currency).limit(limit)))


class ImplausibleRate(ReferenceDataError):
    """More than 50 % away from the previous rate for the currency: likely a typing slip."""

    def __init__(self, previous: ExchangeRate):
        super().__init__("rate_implausible")
        self.previous = previous


def previous_exchange_rate(currency: str, before: date) -> ExchangeRate | None:
    """The newest rate for a currency dated before a day (a same-day entry is a correction)."""
    return db.session.scalar(
        select(ExchangeRate).where(ExchangeRate.currency == currency.strip().upper(),
                                   ExchangeRate.rate_date < before)
        .order_by(ExchangeRate.rate_date.desc()).limit(1))


def todays_versions(rate_date: date | None = None) -> str:
    """The versions of the day's rates as the rates page shows them ("USD:2 SEK:1"): the
    add form sends them back, so a correction is checked against the rate that was shown."""
    rows = db.session.execute(select(ExchangeRate.currency, ExchangeRate.version_id).where(
        ExchangeRate.rate_date == (rate_date or date.today())).order_by(ExchangeRate.currency))
    return " ".join(f"{currency}:{version}" for currency, version in rows)


def seen_version(token: str, currency: str) -> str:
    """The version of a currency's rate in a `todays_versions` token ("" if it had none)."""
    seen = dict(part.split(":", 1) for part in (token or "").split() if ":" in part)
    return seen.get(currency, "")


def set_exchange_rate(currency: str, units_per_eur: Decimal, actor: User,
                      rate_date: date | None = None, *, confirmed: bool = False,
                      expected_versions: str | None = None) -> ExchangeRate:
    """Today's rate for a currency; a second entry the same day corrects the first.

    A rate more than 50 % away from the previous one is refused unless `confirmed`. From a
    form, `expected_versions` is the `todays_versions` token the page showed: correcting a
    rate someone entered (or corrected) since is a stale save."""
    _require_agency(actor)
    if units_per_eur <= 0:
        raise ReferenceDataError("rate_not_positive")
    if not rules.is_currency_code(currency):
        raise ReferenceDataError("currency_unknown")
    currency = currency.strip().upper()
    rate_date = rate_date or date.today()
    previous = previous_exchange_rate(currency, rate_date)
    if (not confirmed and previous is not None
            and not rules.exchange_rate_plausible(units_per_eur, previous.units_per_eur)):
        raise ImplausibleRate(previous)
    rate = db.session.scalar(select(ExchangeRate).where(ExchangeRate.currency == currency,
                                                        ExchangeRate.rate_date == rate_date))
    if rate is not None and expected_versions is not None:
        versioning.check(rate, seen_version(expected_versions, currency),
                         {"units_per_eur": units_per_eur})
    if rate is None:
        rate = ExchangeRate(currency=currency, rate_date=rate_date)
        db.session.add(rate)
    rate.units_per_eur = units_per_eur
    db.session.flush()
    audit.record("exchange_rate.set", user=actor,
                 detail=f"{currency} {rate_date.isoformat()} {units_per_eur}")
    return rate
