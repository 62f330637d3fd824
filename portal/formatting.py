"""Country names, numbers, money and dates for the reader's locale (Babel through
Flask-Babel); used by services and templates alike, so services never import the views."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import format_currency, format_date, format_datetime, format_decimal, get_locale

#: The interface languages and the locale each is formatted in: English dates and times the
#: British way (dd/mm/yyyy, 24-hour), as Danish readers of English expect.
LOCALES = {"da": "da", "en": "en_GB"}


def locale_for(language: str | None) -> str:
    """The locale of an interface language (Danish for anything unknown)."""
    return LOCALES.get(language or "da", "da")


def country_name(code: str | None) -> str:
    """A country's name in the reader's language, from Babel's territory names."""
    if not code:
        return ""
    return get_locale().territories.get(code.upper(), code)


def language_choices() -> list[tuple[str, str]]:
    """The languages an interpreter may be needed for (Babel's two-letter ISO 639-1 codes),
    named and sorted in the reader's language."""
    names = get_locale().languages
    return sorted(((code, name) for code, name in names.items() if len(code) == 2),
                  key=lambda item: item[1].casefold())


def language_name(code: str | None) -> str:
    """A language's name in the reader's language ("" for none)."""
    return get_locale().languages.get(code, code) if code else ""


def day(value: date | datetime | None, fmt: str = "medium") -> str:
    """A date the reader's way; a timestamp is first moved to the reader's time zone."""
    if not value:
        return ""
    return format_date(value, fmt)


def timestamp(value: datetime | None, fmt: str = "short") -> str:
    return format_datetime(value, fmt) if isinstance(value, datetime) else ""


def number(value) -> str:
    """A number the reader's way (1.234 in Danish, 1,234 in English)."""
    if value is None:
        return ""
    return format_decimal(value)


def rate(value) -> str:
    """An exchange rate with every decimal it is used with (7,4604, never 7,46)."""
    if value is None:
        return ""
    return format_decimal(value, format="#,##0.######")


def money(value: Decimal | float | int | None, currency: str = "DKK", *,
          breakable: bool = False) -> str:
    """An amount the reader's way with Babel's currency format: "117.984,06 kr." in Danish,
    "DKK117,984.06" in English. Screens keep the no-break space between number and symbol;
    the PDFs ask for a breakable one, since platypus measures and wraps table cells itself
    and a no-break space kept names and amounts from wrapping in narrow columns."""
    if value is None:
        return ""
    text = format_currency(value, currency)
    return text.replace("\xa0", " ") if breakable else text
