"""Rules for typed reference data and amounts: ISO codes, one route per carrier, legs and
destination, and the plausibility bounds of exchange rates and payouts."""

from decimal import Decimal

import pytest

from portal import rules


@pytest.mark.parametrize(("code", "ok"), [
    ("USD", True), ("usd", True), (" EUR ", True), ("SYP", True), ("XYZ", False),
    ("US", False), ("", False), (None, False),
])
def test_currencies_are_iso_4217_codes(code, ok):
    assert rules.is_currency_code(code) is ok


@pytest.mark.parametrize(("code", "ok"), [
    ("SY", True), ("ir", True), ("DK", True), ("XX", False), ("EU", False), ("ZZ", False),
    ("UN", False), ("SYR", False), ("1", False), (None, False),
])
def test_countries_are_iso_3166_two_letter_codes(code, ok):
    assert rules.is_country_code(code) is ok


def test_a_route_is_the_same_whatever_the_case_and_spaces():
    assert rules.route_key("Turkish Airlines", "Istanbul", "Aleppo") == rules.route_key(
        " turkish  airlines", "ISTANBUL ", "aleppo")
    assert rules.route_key("Turkish Airlines", "Istanbul", "Aleppo") != rules.route_key(
        "Turkish Airlines", "Istanbul", "Damascus")


@pytest.mark.parametrize(("new", "previous", "ok"), [
    ("7.4604", "7.4600", True), ("1.7", "1.1581", True), ("0.58", "1.1581", True),
    ("1.75", "1.1581", False), ("0.5", "1.1581", False),
    ("11581", "1.1581", False), ("0.011581", "1.1581", False),  # a slipped decimal mark
    ("1.1581", None, True), ("0", None, False), ("-1", "1", False),
])
def test_an_exchange_rate_stays_within_half_of_the_previous_one(new, previous, ok):
    assert rules.exchange_rate_plausible(
        Decimal(new), Decimal(previous) if previous else None) is ok


@pytest.mark.parametrize(("amount", "suggested", "ok"), [
    ("117984.06", "117984.06", True), ("112084.86", "117984.06", True),
    ("112084.85", "117984.06", False), ("123883.27", "117984.06", False),
    ("117.98", "117984.06", False), ("11798406", "117984.06", False),
    ("0", "117984.06", False), ("0", None, False), ("-5", None, False), ("500", None, True),
])
def test_a_payout_stays_within_five_percent_of_the_suggested_amount(amount, suggested, ok):
    assert rules.payout_plausible(
        Decimal(amount), Decimal(suggested) if suggested else None) is ok
