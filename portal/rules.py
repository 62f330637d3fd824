"""Business rules of repatriation work as plain functions.

No Flask here: forms, services, PDFs and help texts all use these, so each rule lives once.
Sources: the agency's newsletter nr. 3 - 2025, EU Regulation 2018/1672, LOV 414/2024,
BEK 1493/2023 and cpr.dk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext

import holidays
from babel import Locale
from babel.numbers import list_currencies

CASH_DECLARATION_THRESHOLD_EUR = Decimal("10000")
CUSTOMS_DEADLINE_WORKING_DAYS = 2
BAGGAGE_ALLOWANCE_KG = 23
BAGGAGE_MIN_AGE_YEARS = 2
EXTRA_BAGGAGE_DKK_PER_KG = 200
RECON_MAX_SUPPORT_DAYS = 56  # "up to 8 weeks" (repatriation act § 6)
AGE_OF_MAJORITY = 18
PROCESSING_TARGET_WEEKS = (3, 4)
OVERDUE_AFTER_DAYS = 28
DEPARTURE_WARNING_DAYS = 7
FLEXIBLE_PAYMENT_COUNTRIES_SEED = ("SY", "IR")  # BEK 1493/2023; kept as data in the database
RELATION_ESCORT = "escort"
PASSWORD_MIN_LENGTH = 12  # the portal's own policy, with the common-password list

_CENT = Decimal("0.01")
_CPR_RE = re.compile(r"([0-9]{6})-?([0-9]{4})", re.ASCII)


def N_(message: str) -> str:
    """Mark a message for translation without translating it; callers run gettext on it."""
    return message


# --- CPR numbers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cpr:
    """A parsed CPR number; the digits stay out of repr so they do not leak into logs."""

    digits: str = field(repr=False)
    birth_date: date

    def __post_init__(self) -> None:
        if not (len(self.digits) == 10 and self.digits.isascii() and self.digits.isdigit()):
            raise ValueError(N_("A CPR number has 10 digits, written DDMMYY-SSSS."))

    @property
    def formatted(self) -> str:
        """The official presentation DDMMYY-SSSS."""
        return f"{self.digits[:6]}-{self.digits[6:]}"

    @property
    def masked(self) -> str:
        """DDMMYY-xxxx, for readers who may see the birth date but not the serial."""
        return mask_cpr(self.digits)


def _cpr_century(yy: int, seventh_digit: int) -> int:
    """The century from the first serial digit together with the year (cpr.dk)."""
    if seventh_digit <= 3:
        return 1900
    if seventh_digit in (4, 9):
        return 2000 if yy <= 36 else 1900
    return 2000 if yy <= 57 else 1800


def parse_cpr(text: str) -> Cpr:
    """Parse DDMMYY-SSSS or DDMMYYSSSS.

    Modulus 11 is deliberately never checked: many valid numbers issued since 2007 fail it.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(N_("Enter a CPR number."))
    match = _CPR_RE.fullmatch(text.strip())
    if match is None:
        raise ValueError(N_("A CPR number has 10 digits, written DDMMYY-SSSS."))
    digits = match.group(1) + match.group(2)
    dd, mm, yy = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    try:
        birth_date = date(_cpr_century(yy, int(digits[6])) + yy, mm, dd)
    except ValueError:
        raise ValueError(
            N_("The first six digits of the CPR number must be a real date (DDMMYY).")
        ) from None
    return Cpr(digits=digits, birth_date=birth_date)


def mask_cpr(digits: str | None) -> str:
    """DDMMYY-xxxx; anything unrecognised is masked whole, so masking never leaks nor fails."""
    if digits is None:
        return ""
    compact = digits.strip().replace("-", "")
    if not compact:
        return ""
    if len(compact) != 10 or not (compact.isascii() and compact.isdigit()):
        return "xxxxxx-xxxx"
    return f"{compact[:6]}-xxxx"


#: A CPR-shaped number inside free text (a note, a message): ten digits, with or without
#: the hyphen after the sixth, not part of a longer number.
CPR_IN_TEXT = re.compile(r"\b\d{6}-?\d{4}\b", re.ASCII)


def mentions_cpr(text: str | None) -> bool:
    """True when a free text holds a CPR-shaped number."""
    return bool(text) and CPR_IN_TEXT.search(text) is not None


def mask_cpr_in_text(text: str | None) -> str:
    """The text with every CPR-shaped number masked as DDMMYY-xxxx (what DRC may read)."""
    return CPR_IN_TEXT.sub(lambda match: mask_cpr(match.group(0)), text or "")


#: What a passport number is compared by: letters and digits only, upper case (the same
#: passport typed "n 123-456" and "N123456" is one passport).
_NOT_ALNUM = re.compile(r"[^0-9A-Z]", re.ASCII)


def passport_key(number: str | None) -> str:
    """The passport number as compared across cases: upper case, spaces and dashes dropped."""
    return _NOT_ALNUM.sub("", (number or "").upper())[:40]


# --- Age --------------------------------------------------------------------------------------


def age_on(birth_date: date, on_date: date) -> int:
    """Completed years; someone born 29 February turns older on 1 March in common years."""
    if on_date < birth_date:
        raise ValueError(N_("The date is before the birth date."))
    before_birthday = (on_date.month, on_date.day) < (birth_date.month, birth_date.day)
    return on_date.year - birth_date.year - int(before_birthday)


def is_minor(birth_date: date, on_date: date) -> bool:
    """Under 18 on that date; on the 18th birthday a person is no longer a minor."""
    return age_on(birth_date, on_date) < AGE_OF_MAJORITY


def baggage_allowance_kg(birth_date: date, departure_date: date) -> int:
    """The general allowance (23 kg from the second birthday); the ticket itself decides."""
    if age_on(birth_date, departure_date) >= BAGGAGE_MIN_AGE_YEARS:
        return BAGGAGE_ALLOWANCE_KG
    return 0


# --- Cash declaration -------------------------------------------------------------------------


def to_eur(amount: Decimal, currency: str, rates: Mapping[str, Decimal]) -> Decimal:
    """Convert to euro at the agency's table (units of currency per 1 EUR, as the ECB quotes)."""
    if not isinstance(amount, Decimal):
        raise TypeError("amount must be a Decimal")
    if not amount.is_finite():
        raise ValueError(N_("Enter an amount as a number."))
    if amount < 0:
        raise ValueError(N_("The amount cannot be negative."))
    code = currency.strip().upper()
    if code == "EUR":
        return amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    rate = {key.strip().upper(): value for key, value in rates.items()}.get(code)
    if rate is None:
        raise ValueError(N_("There is no exchange rate for this currency."))
    if not isinstance(rate, Decimal):
        raise TypeError("exchange rates must be Decimal")
    if not rate.is_finite() or rate <= 0:
        raise ValueError(N_("The exchange rate for this currency is not valid."))
    with localcontext() as ctx:
        ctx.prec = 34
        return (amount / rate).quantize(_CENT, rounding=ROUND_HALF_UP)


def cash_declaration_required(amount_eur: Decimal) -> bool:
    """10,000 EUR or more.

    EU Regulation 2018/1672 art. 3 says "10 000 or more"; the newsletter says "more than
    10.000". The regulation is the law, so exactly 10,000 EUR must be declared.
    """
    if not isinstance(amount_eur, Decimal):
        raise TypeError("amount_eur must be a Decimal")
    return amount_eur >= CASH_DECLARATION_THRESHOLD_EUR


# --- Working days and the customs deadline ----------------------------------------------------


#: Danish public holidays (Christmas Eve, 5 June and 31 December are not); the library
#: adds each year the first time a date of it is asked for.
DANISH_HOLIDAYS = holidays.country_holidays("DK")


def is_danish_working_day(day: date) -> bool:
    """Monday to Friday and not a Danish public holiday."""
    if isinstance(day, datetime):
        day = day.date()
    return day.weekday() < 5 and day not in DANISH_HOLIDAYS


def working_days_between(start: date, end: date) -> int:
    """Danish working days after `start` up to and including `end` (0 when end <= start)."""
    return sum(1 for offset in range(1, (end - start).days + 1)
               if is_danish_working_day(start + timedelta(days=offset)))


def customs_deadline(departure_date: date) -> date:
    """The last day the filled declaration may reach the agency: 2 working days before departure.

    Counted back from the day before departure, so departure on a Wednesday gives Monday.
    """
    day = departure_date
    remaining = CUSTOMS_DEADLINE_WORKING_DAYS
    while remaining:
        day -= timedelta(days=1)
        if is_danish_working_day(day):
            remaining -= 1
    return day


def customs_deadline_status(departure_date: date, today: date) -> str | None:
    """"passed" when the customs deadline is behind us, "close" when it is at most 2 working
    days ahead (today counted out), else None: a warning, not a refusal."""
    deadline = customs_deadline(departure_date)
    if today > deadline:
        return "passed"
    if (deadline - today).days > 14:  # far off: no need to count the days one by one
        return None
    if working_days_between(today, deadline) <= CUSTOMS_DEADLINE_WORKING_DAYS:
        return "close"
    return None


def departure_within_processing_target(departure_date: date, today: date) -> bool:
    """A departure sooner than the agency's processing target (4 weeks) from today."""
    return 0 <= (departure_date - today).days < PROCESSING_TARGET_WEEKS[1] * 7


def recon_trip_in_past(first_day: date, today: date) -> bool:
    return first_day < today


def recon_trip_overlaps_departure(first_day: date, last_day: date,
                                  departure_date: date | None) -> bool:
    """The household's departure falls on a day of the reconnaissance trip."""
    return departure_date is not None and first_day <= departure_date <= last_day


def customs_deadline_met(received_on: date, departure_date: date) -> bool:
    """Whether a declaration received on that day lets the agency help with customs."""
    return received_on <= customs_deadline(departure_date)


# --- Reconnaissance trip ----------------------------------------------------------------------


def recon_trip_days(first_day: date, last_day: date) -> int:
    """Length of the trip with both the first and the last day counted."""
    if last_day < first_day:
        raise ValueError(N_("The last day of the trip cannot be before the first day."))
    return (last_day - first_day).days + 1


def recon_support_days(first_day: date, last_day: date) -> int:
    """Days of maintenance support: the trip's days, but at most 8 weeks (§ 6)."""
    return min(recon_trip_days(first_day, last_day), RECON_MAX_SUPPORT_DAYS)


# --- Rates and flexible payment ---------------------------------------------------------------


@dataclass(frozen=True)
class Rates:
    """One year's assistance amounts in kroner; indexed yearly and kept in the database."""

    year: int
    adult_departure: Decimal
    child_departure: Decimal
    adult_after_arrival: Decimal
    adult_after_arrival_with_reintegration: Decimal
    child_after_arrival: Decimal


# LOV 414/2024; the seed for the rates table, not the source of truth for later years.
RATES_2024 = Rates(
    2024,
    Decimal("26814.56"),
    Decimal("16088.74"),
    Decimal("91169.50"),
    Decimal("75080.77"),
    Decimal("42903.29"),
)


def rates_year_for(departure_date: date) -> int:
    """Which year's rates apply: the year of departure (one place to change if that changes)."""
    return departure_date.year


def flexible_payment_amount(rates: Rates, birth_date: date, departure_date: date) -> Decimal:
    """The cash paid at departure with flexible payment.

    Both parts of the assistance are paid at once and reintegration assistance is waived,
    so the amount after arrival is the one without reintegration.
    """
    if is_minor(birth_date, departure_date):
        return rates.child_departure + rates.child_after_arrival
    return rates.adult_departure + rates.adult_after_arrival


# --- Reference data: codes from Babel's lists, never typed freely ---------------------------

#: ISO 4217 currency codes (Babel's list).
CURRENCY_CODES = frozenset(list_currencies())
#: Two-letter territory codes that are not countries (EU, UN, "unknown", pseudo-locales) or
#: not ISO 3166 (XK, Kosovo, is user-assigned).
NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"})
#: ISO 3166-1 alpha-2 country codes: Babel's two-letter territory codes.
COUNTRY_CODES = frozenset(code for code in Locale("da").territories
                          if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES)


def is_currency_code(text: str | None) -> bool:
    """An ISO 4217 code, e.g. USD (any case, surrounding spaces ignored)."""
    return (text or "").strip().upper() in CURRENCY_CODES


def is_country_code(text: str | None) -> bool:
    """An ISO 3166 two-letter country code, e.g. SY (any case, surrounding spaces ignored)."""
    return (text or "").strip().upper() in COUNTRY_CODES


def route_key(airline: str, via: str, destination: str) -> tuple[str, str, str]:
    """What makes two routes the same: carrier, legs and destination, ignoring case and spaces."""
    return tuple(" ".join(part.split()).casefold() for part in (airline, via, destination))


# --- Plausibility of typed amounts (a slip of the decimal mark is 100× or 0.01×) ------------

#: An exchange rate older than this many days when a request is filed is flagged as stale.
EXCHANGE_RATE_MAX_AGE_DAYS = 7


def exchange_rate_stale(rate_date: date, on: date) -> bool:
    """Whether a rate dated `rate_date` is more than 7 days old on the day of filing."""
    return (on - rate_date).days > EXCHANGE_RATE_MAX_AGE_DAYS


#: A new exchange rate may differ from the previous one for its currency by at most this share.
EXCHANGE_RATE_MAX_CHANGE = Decimal("0.5")
#: A payout may differ from the suggested amount by this share without a written reason.
PAYOUT_TOLERANCE = Decimal("0.05")


def exchange_rate_plausible(new: Decimal, previous: Decimal | None) -> bool:
    """Within ±50 % of the previous rate for the currency (any positive rate if none)."""
    if new <= 0:
        return False
    if previous is None or previous <= 0:
        return True
    return abs(new - previous) <= previous * EXCHANGE_RATE_MAX_CHANGE


def payout_plausible(amount: Decimal, suggested: Decimal | None) -> bool:
    """Within ±5 % of the suggested payout (any amount above 0 if nothing is suggested)."""
    if amount <= 0:
        return False
    if suggested is None or suggested <= 0:
        return True
    return abs(amount - suggested) <= suggested * PAYOUT_TOLERANCE


# --- Processing time and warnings -------------------------------------------------------------


def processing_seconds(submitted_at: datetime, ended_at: datetime, paused_seconds: int) -> int:
    """Seconds the clock ran; it stops while a request awaits the municipality."""
    if paused_seconds < 0:
        raise ValueError(N_("The paused time cannot be negative."))
    elapsed = int((ended_at - submitted_at).total_seconds())
    return max(0, elapsed - paused_seconds)


def is_overdue(submitted_at: datetime, now: datetime, paused_seconds: int = 0) -> bool:
    """More than 28 days of running clock: beyond the 3-4 weeks the agency aims at."""
    limit = OVERDUE_AFTER_DAYS * 24 * 60 * 60
    return processing_seconds(submitted_at, now, paused_seconds) > limit


def departure_needs_warning(
    departure_date: date,
    today: date,
    *,
    declaration_missing: bool,
    customs_deadline_passed: bool,
) -> bool:
    """A departure within 7 days (today included) with its cash declaration not in order."""
    days_ahead = (departure_date - today).days
    within = 0 <= days_ahead <= DEPARTURE_WARNING_DAYS
    return within and (declaration_missing or customs_deadline_passed)


def needs_child_escort_supplement(travellers: Iterable[tuple[str, bool]]) -> bool:
    """Whether the child/escort supplement must accompany the departure forms.

    ``travellers`` holds ``(relation, is_minor)`` per traveller, is_minor on the departure
    date; the supplement is needed when any traveller is a minor or travels as escort.
    """
    return any(
        minor or relation.strip().lower() == RELATION_ESCORT for relation, minor in travellers
    )


def refused_consents_confirmed(consents: Sequence[bool], confirmed: bool) -> list[int]:
    """The holders of custody (0-based) whose refused consent is contradicted by a ticked
    "consent confirmed": a refusal can never be confirmed (issue 15)."""
    return [index for index, consents_ in enumerate(consents) if confirmed and not consents_]


def minors_accompanied(*, consenting_guardian_travels: bool, escort_travels: bool) -> bool:
    """Travelling minors go with a holder of custody who consents, or with an escort."""
    return consenting_guardian_travels or escort_travels
