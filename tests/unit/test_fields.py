"""Numbers typed the reader's way: read by Babel in the reader's locale, never guessed."""

from decimal import Decimal

import pytest
from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from flask_babel import force_locale
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from portal.forms.agency import PayoutForm
from portal.forms.fields import DecimalCommaField, MoneyField, RateField
from portal.forms.reference import ExchangeRateForm, RateYearForm
from portal.forms.requests import cash_form
from werkzeug.datastructures import MultiDict
from wtforms import Form

LOCALES = {"da": "da", "en": "en_GB"}


class AmountForm(Form):
    amount = MoneyField("Amount")
    rate = RateField("Rate")


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def _form(formdata, cls=AmountForm):
    return cls(formdata=MultiDict(formdata))


@pytest.mark.parametrize(("language", "typed", "value"), [
    ("da", "117.984,06", Decimal("117984.06")), ("da", "117984,06", Decimal("117984.06")),
    ("da", "1.234,56", Decimal("1234.56")), ("da", "26.814", Decimal("26814")),
    ("da", "0,5", Decimal("0.5")), ("da", "-5", Decimal("-5")),
    ("en", "117,984.06", Decimal("117984.06")), ("en", "117984.06", Decimal("117984.06")),
    ("en", "1,234.56", Decimal("1234.56")), ("en", "26,814", Decimal("26814")),
])
def test_an_amount_is_read_the_way_the_readers_language_writes_it(ctx, language, typed, value):
    with force_locale(LOCALES[language]):
        form = _form({"amount": typed})
        assert form.validate(), form.amount.errors
        assert form.amount.data == value
        assert isinstance(form.amount.data, Decimal)


@pytest.mark.parametrize(("language", "typed"), [
    # the other language's writing, which the old field guessed at
    ("da", "117984.06"), ("da", "1,234.56"), ("da", "26814.56"), ("en", "117.984,06"),
    ("en", "117984,06"), ("en", "1.234,56"),
    # wrong grouping, letters, exponents, other scripts, spaces, non-finite values
    ("da", "1.23.4"), ("da", "12,34,56x"), ("da", "1e5"), ("da", "1_000"), ("da", "١٢٣"),
    ("da", "1 000"), ("da", "NaN"), ("en", "Infinity"), ("da", "abc"), ("da", "12,5,0"),
    # more decimals than money has: refused, never rounded
    ("da", "1,234"), ("en", "1.234"), ("da", "0,001"),
    # Babel's strict check overflows on many digits (found by the fuzzing of every form)
    ("da", "-247.28879837695171622598855"), ("en", "9" * 41),
])
def test_other_writing_malformed_or_over_precise_amounts_are_refused_and_echoed(
        ctx, language, typed):
    with force_locale(LOCALES[language]):
        form = _form({"amount": typed})
        assert not form.validate()
        assert form.amount.data is None
        assert form.amount._value() == typed


def test_the_message_shows_how_to_write_a_number_in_the_readers_language(ctx):
    with force_locale("da"):
        form = _form({"amount": "117984.06"})
        form.validate()
        assert "1.234,56" in form.amount.errors[0]
    with force_locale("en_GB"):
        form = _form({"amount": "117984,06"})
        form.validate()
        assert "1,234.56" in form.amount.errors[0]


@pytest.mark.parametrize(("language", "typed", "value"), [
    ("da", "1,1581", Decimal("1.1581")), ("da", "7,4604", Decimal("7.4604")),
    ("en", "1.1581", Decimal("1.1581")), ("en", "7.4604", Decimal("7.4604")),
    ("da", "7460,5", Decimal("7460.5")), ("da", "1.234,5", Decimal("1234.5")),
])
def test_an_exchange_rate_keeps_its_decimals(ctx, language, typed, value):
    with force_locale(LOCALES[language]):
        form = _form({"rate": typed})
        assert form.validate(), form.rate.errors
        assert form.rate.data == value


@pytest.mark.parametrize(("language", "typed"), [
    ("da", "7.460"), ("da", "1.158"), ("en", "7,460"), ("en", "1,158"),
])
def test_a_rate_that_reads_as_two_numbers_is_refused(ctx, language, typed):
    """7.460 is 7460 in Danish and 7.46 in English: both plausible for a rate."""
    with force_locale(LOCALES[language]):
        form = _form({"rate": typed})
        assert not form.validate()
        assert {"da": "to måder", "en": "two ways"}[language] in form.rate.errors[0]


@pytest.mark.parametrize(("language", "amount", "rate", "shown_amount", "shown_rate"), [
    ("da", Decimal("117984.06"), Decimal("1.158100"), "117.984,06", "1,1581"),
    ("en", Decimal("117984.06"), Decimal("1.158100"), "117,984.06", "1.1581"),
    ("da", Decimal("100"), Decimal("7460"), "100,00", "7460"),
])
def test_stored_values_are_shown_the_readers_way_and_read_back_the_same(
        ctx, language, amount, rate, shown_amount, shown_rate):
    with force_locale(LOCALES[language]):
        shown = AmountForm(data={"amount": amount, "rate": rate})
        assert (shown.amount._value(), shown.rate._value()) == (shown_amount, shown_rate)
        again = _form({"amount": shown_amount, "rate": shown_rate})
        assert again.validate()
        assert (again.amount.data, again.rate.data) == (amount, rate)


def test_amount_fields_are_text_inputs_with_a_decimal_keyboard(ctx):
    html = AmountForm().amount()
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html


# --- every amount field of the portal, with generated Danish and English writing ------------

def _amount_fields():
    """(form, field name) of every field that takes money, a rate or a quantity."""
    rate_year = RateYearForm(meta={"csrf": False})
    fields = [(rate_year, name) for name in (
        "adult_departure", "child_departure", "adult_after_arrival",
        "adult_after_arrival_with_reintegration", "child_after_arrival")]
    fields.append((ExchangeRateForm(meta={"csrf": False}), "units_per_eur"))
    fields.append((PayoutForm(meta={"csrf": False}), "amount"))
    fields.append((cash_form([(7, False)], [], [("EUR", "EUR")]), "p7_amount"))
    return fields


def test_every_amount_field_of_the_portal_reads_numbers_with_babel(ctx):
    fields = _amount_fields()
    assert len(fields) == 8
    for form, name in fields:
        field = form[name]
        assert isinstance(field, DecimalCommaField), name
        assert 'inputmode="decimal"' in field()
        assert 'type="text"' in field()


def _mangled(text: str, language: str):
    """Ways the same number gets typed: as written, with the other language's marks, spaces
    as thousands separators, a dropped or doubled mark, a trailing mark."""
    group = "." if language == "da" else ","
    return st.sampled_from([
        text, text.translate(str.maketrans(".,", ",.")), text.replace(group, ""),
        text.replace(group, " "), text.replace(group, "\u00a0"), text + ",", text + ".",
        text.replace(",", ",,"), text.replace(".", ".."), text.replace(group, group * 2),
    ])


@st.composite
def _typed(draw):
    """A value with up to 6 decimals, written by Babel in Danish or English (grouped or not),
    maybe mangled; and the language of the page it is typed into."""
    places = draw(st.integers(0, 6))
    value = draw(st.decimals(min_value=0, max_value=Decimal("9999999"), places=places,
                             allow_nan=False, allow_infinity=False))
    written_in = draw(st.sampled_from(["da", "en"]))
    pattern = ("#,##0" if draw(st.booleans()) else "0") + ("." + "0" * places if places else "")
    text = format_decimal(value, format=pattern, locale=LOCALES[written_in])
    return value, draw(_mangled(text, written_in)), draw(st.sampled_from(["da", "en"]))


def _readings(text: str) -> list[Decimal]:
    """The numbers the text means in the portal's languages (Babel, strict), with the
    decimals as typed (7,460 has three)."""
    readings = []
    for locale in LOCALES.values():
        try:
            readings.append(parse_decimal(text, locale=locale, strict=True))
        except NumberFormatError:
            continue
    return readings


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(typed=_typed())
@example(typed=(Decimal("1.1581"), "1,1581", "da"))
@example(typed=(Decimal("117984.06"), "117.984,06", "da"))
@example(typed=(Decimal("117984.06"), "117984.06", "da"))
@example(typed=(Decimal("1234"), "1,234", "da"))
@example(typed=(Decimal("7.46"), "7.460", "da"))
@example(typed=(Decimal("7.46"), "7,460", "en"))
@example(typed=(Decimal("26810"), "26,810", "en"))
def test_every_amount_field_stores_the_typed_number_or_refuses_it(app, typed):
    """A text that means the value in Danish or English is stored as that value or refused
    with a message: never as 100×, 0.01× or 1000× of it. Whatever is stored is what the
    page's own language reads in the text."""
    value, text, language = typed
    with app.test_request_context(), force_locale(LOCALES[language]):
        for form, name in _amount_fields():
            field = form[name]
            try:
                field.process_formdata([text])
            except ValueError as exc:
                refused = str(exc)
            else:
                refused = ""
            if refused:
                continue
            stored = field.data
            assert isinstance(stored, Decimal), name
            assert stored == parse_decimal(text, locale=LOCALES[language], strict=True)
            if any(r == value and -r.as_tuple().exponent <= field.places
                   for r in _readings(text)):
                assert stored == value, (name, text, language, stored, value)
                assert not value or stored not in {value * 100, value / 100, value * 1000}
