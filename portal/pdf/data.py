"""What each official form shows, as plain frozen data, and how its text is localised.

Services map database models into these classes, so the renderers never touch Flask or the
database. Labels that come from the app (relation, kind, cash type) arrive already translated;
the renderers translate only their own msgids, through ``Formatter``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from portal.rules import (
    BAGGAGE_ALLOWANCE_KG,
    CASH_DECLARATION_THRESHOLD_EUR,
    EXTRA_BAGGAGE_DKK_PER_KG,
    RECON_MAX_SUPPORT_DAYS,
)


@dataclass(frozen=True)
class Formatter:
    """The locale of one rendering: gettext plus date and money formatting for the reader."""

    gettext: Callable[[str], str]
    format_date: Callable[[date], str]
    format_money: Callable[[Decimal, str], str]
    # Optional: without them a datetime is shown as date + HH:MM and a rate as str(). A rate
    # keeps every decimal it is used with (7,4604, never 7,46).
    format_datetime: Callable[[datetime], str] | None = None
    format_rate: Callable[[Decimal], str] | None = None

    @classmethod
    def plain(cls) -> Formatter:
        """Untranslated English with ISO dates and "1,234.56 DKK", for tests and tools."""
        return cls(
            gettext=lambda s: s,
            format_date=lambda d: d.isoformat(),
            format_money=lambda amount, currency: f"{amount:,.2f} {currency}",
            format_datetime=lambda dt: dt.strftime("%Y-%m-%d %H:%M"),
        )

    def t(self, msgid: str, **params: object) -> str:
        """Translate a msgid marked with N_ and fill in its named %(name)s parameters."""
        text = self.gettext(msgid)
        return text % params if params else text

    def date_text(self, value: date | None) -> str:
        return "" if value is None else self.format_date(value)

    def money_text(self, amount: Decimal | None, currency: str) -> str:
        return "" if amount is None else self.format_money(amount, currency)

    def datetime_text(self, value: datetime) -> str:
        if self.format_datetime is not None:
            return self.format_datetime(value)
        return f"{self.format_date(value.date())} {value:%H:%M}"

    def rate_text(self, value: Decimal) -> str:
        return (self.format_rate or str)(Decimal(value))


@dataclass(frozen=True, kw_only=True)
class PersonData:
    """One person as the forms show them; cpr_formatted may already be masked or absent."""

    full_name: str
    cpr_formatted: str | None = None
    birth_date: date | None  # None on a blank form
    nationality_name: str
    passport_number: str | None = None
    passport_country_name: str | None = None
    passport_expiry: date | None = None
    relation_label: str
    phone: str | None = None
    is_minor: bool = False
    is_escort: bool = False  # travels with the children: not a returnee
    baggage_kg: int | None = None  # general allowance for this person: 23, or 0 under age 2


@dataclass(frozen=True, kw_only=True)
class CaseData:
    reference: str
    municipality_code: str
    municipality_name: str
    caseworker_name: str
    caseworker_email: str
    destination_name: str
    kind_label: str
    planned_departure: date | None = None
    caseworker_phone: str | None = None


@dataclass(frozen=True, kw_only=True)
class DepartureFormData:
    """The departure form ("Udrejseblanket"), one per travelling person."""

    case: CaseData
    person: PersonData
    address_denmark: str = ""
    address_abroad: str = ""
    contact_abroad: str = ""
    arrival_city: str = ""
    route_label: str = ""
    co_travellers: tuple[str, ...] = ()
    special_needs: str = ""
    interpreter_language: str = ""
    supplement_attached: bool = False
    cash_declaration_attached: bool = False
    signer_name: str = ""  # a minor's holders of custody; else the person travelling
    general_baggage_kg: int = BAGGAGE_ALLOWANCE_KG
    extra_baggage_price_per_kg: Decimal = Decimal(EXTRA_BAGGAGE_DKK_PER_KG)


@dataclass(frozen=True, kw_only=True)
class GuardianData:
    """A holder of custody of the minors and whether they consent to the departure."""

    name: str
    relation_label: str
    consents: bool
    consent_date: date | None = None
    travels: bool = False


@dataclass(frozen=True, kw_only=True)
class SupplementData:
    """The child/escort supplement ("Tillægsark til mindreårige børn og eskorte")."""

    case: CaseData
    minors: tuple[PersonData, ...]
    guardians: tuple[GuardianData, ...]
    escort: PersonData | None = None
    escorted: tuple[str, ...] = ()  # names of the children the escort travels with
    escort_details: str = ""


@dataclass(frozen=True, kw_only=True)
class CashDeclarationData:
    """The cash declaration with the fields of EU Regulation 2018/1672, one per carrier.

    ``rate`` is units of ``currency`` per 1 EUR (as rules.to_eur uses it), valid on rate_date.
    """

    case: CaseData
    carrier: PersonData
    carrier_address: str = ""
    owner: str
    owner_address: str = ""
    intended_recipient: str
    recipient_address: str = ""
    amount: Decimal
    currency: str
    amount_eur: Decimal
    rate: Decimal
    rate_date: date
    cash_type: str
    origin: str
    intended_use: str
    route: str
    means_of_transport: str
    customs_assist: bool
    customs_deadline: date | None = None
    threshold_eur: Decimal = CASH_DECLARATION_THRESHOLD_EUR


@dataclass(frozen=True, kw_only=True)
class Waiver:
    """What one person waives; waivers are given by adults only. ``releases_citizenship`` is
    None when the person is not a dual citizen."""

    person: PersonData
    waives_regret_and_reintegration: bool = False
    releases_citizenship: bool | None = None


@dataclass(frozen=True, kw_only=True)
class WaiverData(Waiver):
    """The waiver declaration ("Frafaldserklæring") of one adult."""

    case: CaseData


@dataclass(frozen=True, kw_only=True)
class FlexiblePaymentPerson(Waiver):
    """A person in a flexible-payment request, with the amount paid at departure."""

    amount: Decimal


@dataclass(frozen=True, kw_only=True)
class FlexiblePaymentData:
    """The request for flexible payment ("Anmodning om fleksibel udbetaling")."""

    case: CaseData
    persons: tuple[FlexiblePaymentPerson, ...]
    total: Decimal
    currency: str = "DKK"
    rates_year: int
    #: The departure year when it has no rates yet and rates_year (an earlier one) is used.
    rates_missing_year: int | None = None
    waiver_attached: bool
    in325_attached: bool
    attachments: tuple[str, ...] = ()  # further attachments, by title


@dataclass(frozen=True, kw_only=True)
class ReconTripData:
    """The request for a reconnaissance trip under § 6 of the repatriation act."""

    case: CaseData
    persons: tuple[PersonData, ...]
    destination: str
    purpose: str
    first_day: date
    last_day: date
    trip_days: int
    support_days: int
    benefit_kept: bool
    support_requested: bool
    max_support_days: int = RECON_MAX_SUPPORT_DAYS


@dataclass(frozen=True, kw_only=True)
class ReceiptData:
    """The receipt for one submission: every person and every document in it."""

    case: CaseData
    submitted_at: datetime
    request_kind_label: str
    persons: tuple[PersonData, ...]
    documents: tuple[tuple[str, str], ...]  # (title, detail such as file name and size)
    submitted_by: str = ""


@dataclass(frozen=True, kw_only=True)
class DecisionData:
    """The agency's decision letter ("Afgørelse") on a rejected request.

    request_kind is the RequestKind value: it chooses the legal basis the letter cites.
    """

    case: CaseData
    request_kind: str
    request_kind_label: str
    submitted_on: date | None = None
    decided_on: date
    reason: str
    persons: tuple[str, ...] = ()
    decided_by: str = ""
