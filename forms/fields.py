"""Fields shared by several forms."""

import re
from decimal import Decimal

from babel import Locale
from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from flask_babel import get_locale
from flask_babel import gettext as _
from wtforms import DecimalField
from wtforms.widgets import TextInput

#: The locales the portal is used in (formatting.LOCALES): a number that means two
#: different things in two of them is ambiguous. Kept here so forms do not import the app.
PORTAL_LOCALES = ("da", "en_GB")
#: The example every number message shows, formatted in the reader's locale.
EXAMPLE = Decimal("1234.56")
#: Digits, the two separators and a leading minus: Babel (through Decimal) would also read
#: exponents, underscores and other scripts' digits, which no one types as an amount.
_NUMERAL = re.compile(r"[-\u2212]?[0-9.,]+")
_MAX_LENGTH = 40


class NumberError(ValueError):
    """The text is not a number the reader's way; str(exc) says how to write one."""


def _locale(locale=None) -> Locale:
    return Locale.parse(locale) if locale else (get_locale() or Locale.parse("da"))


def example(locale=None) -> str:
    """1.234,56 in Danish, 1,234.56 in English: how a number is written here."""
    return format_decimal(EXAMPLE, format="#,##0.00", locale=_locale(locale))


def _strict(text: str, locale: Locale) -> Decimal | None:
    try:
        value = parse_decimal(text, locale=locale, strict=True)
    except (NumberFormatError, ArithmeticError):  # Babel's strict check can overflow
        return None
    return value if value.is_finite() else None


def _fits(value: Decimal, places: int | None) -> bool:
    return places is None or -value.as_tuple().exponent <= places


def parse_number(text: str, *, places: int | None = 2, locale=None) -> Decimal:
    """The number typed in the reader's locale, read strictly by Babel; never a guess.

    Refused: anything Babel's strict reading refuses (wrong grouping, the other language's
    decimal mark), more decimals than `places`, and a number the portal's other language
    reads as a different number that is just as possible here (7.460 for a rate).
    """
    locale = _locale(locale)
    text = (text or "").strip().replace("\u2212", "-")
    how = _("Write a number like %(example)s.", example=example(locale))
    if len(text) > _MAX_LENGTH or not _NUMERAL.fullmatch(text):
        raise NumberError(how)
    value = _strict(text, locale)
    if value is None:
        raise NumberError(how)
    if not _fits(value, places):
        raise NumberError(_("Use at most %(places)d decimals. Write a number like "
                            "%(example)s.", places=places, example=example(locale)))
    for name in PORTAL_LOCALES:
        other = Locale.parse(name)
        if str(other) == str(locale):
            continue
        reading = _strict(text, other)
        if reading is not None and reading != value and _fits(reading, places):
            raise NumberError(_("This number can be read in two ways. Write it like "
                                "%(example)s.", example=example(locale)))
    return value


def format_number(value: Decimal, *, places: int = 2, min_places: int = 2, locale=None) -> str:
    """A stored number shown for editing: money with grouping and its decimals (117.984,06),
    a rate without grouping and without trailing zeros (1,1581), so it reads back the same."""
    if min_places:
        pattern = "#,##0." + "0" * min_places + "#" * max(places - min_places, 0)
    else:
        pattern = "0." + "#" * places if places else "0"
    return format_decimal(value, format=pattern, locale=_locale(locale))


class DecimalCommaField(DecimalField):
    """Money, a rate or a quantity, typed as text the reader's way (1.234,56 in Danish,
    1,234.56 in English) and read by Babel in the reader's locale; ambiguity is refused.

    `places` is the most decimals accepted (never rounded); `min_places` the decimals always
    shown (2 for money, 0 for a rate). What was typed is echoed back on an error.
    """

    widget = TextInput()

    def __init__(self, label=None, validators=None, places=2, min_places=None, **kwargs):
        render_kw = {"inputmode": "decimal", "autocomplete": "off",
                     **(kwargs.pop("render_kw", None) or {})}
        super().__init__(label, validators, places=places, render_kw=render_kw, **kwargs)
        self.min_places = places if min_places is None else min_places

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not str(valuelist[0]).strip():
            return
        self.data = parse_number(str(valuelist[0]), places=self.places)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None or self.data == "":
            return ""
        return format_number(Decimal(self.data), places=self.places or 0,
                             min_places=self.min_places)


class MoneyField(DecimalCommaField):
    """An amount of money: at most two decimals, shown as 117.984,06."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("places", 2)
        super().__init__(label, validators, **kwargs)


class RateField(DecimalCommaField):
    """An exchange rate: up to six decimals (as stored), shown as typed: 1,1581."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("places", 6)
        kwargs.setdefault("min_places", 0)
        super().__init__(label, validators, **kwargs)


def whole_number(text: str | None, *, max_digits: int = 18) -> int | None:
    """A plain ASCII whole number from a form or URL value, else None.

    str.isdigit() alone is not enough: '¹' and other Unicode digits pass it, and int()
    then fails with a server error.
    """
    text = (text or "").strip()
    if not text or len(text) > max_digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)
