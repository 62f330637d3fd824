"""Decimal numbers typed the Danish or the English way."""

from decimal import Decimal

import pytest
from flask_wtf import FlaskForm
from portal.forms.fields import DecimalCommaField
from werkzeug.datastructures import MultiDict


class AmountForm(FlaskForm):
    amount = DecimalCommaField("Amount")


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        app.config["WTF_CSRF_ENABLED"] = False
        yield
        app.config["WTF_CSRF_ENABLED"] = True


@pytest.mark.parametrize(("typed", "value"), [
    ("26.814,56", Decimal("26814.56")), ("26814,56", Decimal("26814.56")),
    ("26814.56", Decimal("26814.56")), ("1 000", Decimal("1000")), ("7,4604", Decimal("7.4604")),
])
def test_danish_and_english_writing_give_the_same_number(ctx, typed, value):
    form = AmountForm(formdata=MultiDict({"amount": typed}))
    assert form.validate()
    assert form.amount.data == value


@pytest.mark.parametrize("typed", ["abc", "NaN", "Infinity", "12,34,56x"])
def test_letters_and_non_finite_values_are_refused_and_echoed(ctx, typed):
    form = AmountForm(formdata=MultiDict({"amount": typed}))
    assert not form.validate()
    assert form.amount.errors
    assert form.amount._value() == typed


@pytest.mark.parametrize(("text", "number"), [
    ("42", 42), (" 7 ", 7), ("¹", None), ("٣", None), ("", None), (None, None), ("-1", None),
    ("1" * 19, None), ("12a", None),
])
def test_whole_number_takes_only_plain_ascii_digits(text, number):
    from portal.forms.fields import whole_number

    assert whole_number(text) == number
