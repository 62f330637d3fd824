"""Tests of the business rules in portal.rules, at their edges."""

from __future__ import annotations

import ast
import inspect
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.dk import cpr as stdnum_cpr

from portal import rules
from portal.rules import (
    RATES_2024,
    Cpr,
    age_on,
    baggage_allowance_kg,
    cash_declaration_required,
    customs_deadline,
    customs_deadline_met,
    departure_needs_warning,
    flexible_payment_amount,
    is_danish_working_day,
    is_minor,
    is_overdue,
    mask_cpr,
    needs_child_escort_supplement,
    parse_cpr,
    processing_seconds,
    rates_year_for,
    recon_support_days,
    recon_trip_days,
    to_eur,
)

DAY = 24 * 60 * 60


def modulus_11(digits: str) -> int:
    return sum(w * int(d) for w, d in zip((4, 3, 2, 7, 6, 5, 4, 3, 2, 1), digits, strict=True)) % 11


# --- constants and module hygiene -------------------------------------------------------------


def test_constants_match_the_source_documents():
    assert Decimal("10000") == rules.CASH_DECLARATION_THRESHOLD_EUR
    assert rules.CUSTOMS_DEADLINE_WORKING_DAYS == 2
    assert rules.BAGGAGE_ALLOWANCE_KG == 23
    assert rules.BAGGAGE_MIN_AGE_YEARS == 2
    assert rules.EXTRA_BAGGAGE_DKK_PER_KG == 200
    assert rules.RECON_MAX_SUPPORT_DAYS == 8 * 7
    assert rules.AGE_OF_MAJORITY == 18
    assert rules.PROCESSING_TARGET_WEEKS == (3, 4)
    assert rules.OVERDUE_AFTER_DAYS == 28
    assert rules.DEPARTURE_WARNING_DAYS == 7
    assert rules.FLEXIBLE_PAYMENT_COUNTRIES_SEED == ("SY", "IR")


def test_rules_module_does_not_import_flask():
    tree = ast.parse(inspect.getsource(rules))
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert imported
    assert not [name for name in imported if name.split(".")[0].lower().startswith("flask")]


def test_every_value_error_message_is_marked_for_translation():
    tree = ast.parse(inspect.getsource(rules))
    raises = [
        node.exc
        for node in ast.walk(tree)
        if isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and getattr(node.exc.func, "id", None) == "ValueError"
    ]
    assert raises
    for call in raises:
        (arg,) = call.args
        assert isinstance(arg, ast.Call)
        assert arg.func.id == "N_"
        assert isinstance(arg.args[0], ast.Constant)
        assert isinstance(arg.args[0].value, str)


def test_message_marker_returns_the_message_unchanged():
    assert rules.N_("Enter a CPR number.") == "Enter a CPR number."


# --- CPR --------------------------------------------------------------------------------------


def test_parse_cpr_accepts_dash_form():
    cpr = parse_cpr("211062-0629")
    assert cpr.digits == "2110620629"
    assert cpr.birth_date == date(1962, 10, 21)


def test_parse_cpr_accepts_form_without_dash():
    assert parse_cpr("2110620629") == parse_cpr("211062-0629")


def test_parse_cpr_ignores_surrounding_whitespace():
    assert parse_cpr("  211062-0629\t\n").digits == "2110620629"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("010100-0000", date(1900, 1, 1)),
        ("311299-3999", date(1999, 12, 31)),
        ("150536-4000", date(2036, 5, 15)),
        ("150537-4000", date(1937, 5, 15)),
        ("150536-9000", date(2036, 5, 15)),
        ("150537-9000", date(1937, 5, 15)),
        ("150557-5000", date(2057, 5, 15)),
        ("150558-5000", date(1858, 5, 15)),
        ("150557-8999", date(2057, 5, 15)),
        ("150558-8999", date(1858, 5, 15)),
        ("010100-6000", date(2000, 1, 1)),
        ("311299-7000", date(1899, 12, 31)),
    ],
)
def test_parse_cpr_takes_century_from_seventh_digit_and_year(text, expected):
    assert parse_cpr(text).birth_date == expected


def test_parse_cpr_accepts_number_failing_modulus_11():
    assert modulus_11("0101901234") != 0
    assert parse_cpr("010190-1234").birth_date == date(1990, 1, 1)


@pytest.mark.parametrize("text", ["300221-1234", "310290-1234", "320190-1234", "001090-1234"])
def test_parse_cpr_refuses_dates_that_do_not_exist(text):
    with pytest.raises(ValueError, match="real date"):
        parse_cpr(text)


def test_parse_cpr_refuses_31st_of_february():
    with pytest.raises(ValueError, match="real date"):
        parse_cpr("310290-1234")


def test_parse_cpr_refuses_month_13():
    with pytest.raises(ValueError, match="real date"):
        parse_cpr("011390-1234")


def test_parse_cpr_accepts_29_february_in_leap_year():
    assert parse_cpr("290224-1234").birth_date == date(1924, 2, 29)


def test_parse_cpr_refuses_29_february_in_common_year():
    with pytest.raises(ValueError, match="real date"):
        parse_cpr("290223-1234")


def test_parse_cpr_century_decides_whether_29_february_1900_or_2000_exists():
    assert parse_cpr("290200-4123").birth_date == date(2000, 2, 29)
    with pytest.raises(ValueError, match="real date"):
        parse_cpr("290200-0123")


@pytest.mark.parametrize(
    "text",
    [
        "21106A-0629",
        "abcdef-ghij",
        "211062-062",
        "21106206290",
        "211062--0629",
        "2110-620629",
        "211062 0629",
        "211062/0629",
        "+211062-0629",
        "٢١١٠٦٢٠٦٢٩",  # Arabic-Indic digits: not what the register holds
    ],
)
def test_parse_cpr_refuses_malformed_text(text):
    with pytest.raises(ValueError, match="10 digits"):
        parse_cpr(text)


@pytest.mark.parametrize("text", ["", "   ", None, 2110620629])
def test_parse_cpr_refuses_empty_or_non_text(text):
    with pytest.raises(ValueError, match="Enter a CPR number"):
        parse_cpr(text)


def test_cpr_formats_and_masks():
    cpr = parse_cpr("2110620629")
    assert cpr.formatted == "211062-0629"
    assert cpr.masked == "211062-xxxx"


def test_cpr_repr_does_not_reveal_the_serial():
    assert "0629" not in repr(parse_cpr("211062-0629"))


def test_cpr_refuses_digits_of_wrong_shape():
    with pytest.raises(ValueError, match="10 digits"):
        Cpr(digits="211062-0629", birth_date=date(1962, 10, 21))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2110620629", "211062-xxxx"),
        ("211062-0629", "211062-xxxx"),
        (None, ""),
        ("", ""),
        ("12345", "xxxxxx-xxxx"),
        ("21106A0629", "xxxxxx-xxxx"),
    ],
)
def test_mask_cpr_hides_serial_and_never_fails(value, expected):
    assert mask_cpr(value) == expected


# --- age, minors and baggage ------------------------------------------------------------------


def test_age_on_counts_completed_years():
    assert age_on(date(2000, 6, 15), date(2026, 6, 14)) == 25
    assert age_on(date(2000, 6, 15), date(2026, 6, 15)) == 26


def test_age_on_birth_date_is_zero():
    assert age_on(date(2026, 1, 1), date(2026, 1, 1)) == 0


def test_age_on_leap_day_birthday_turns_older_on_1_march_in_common_years():
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18
    assert age_on(born, date(2028, 2, 29)) == 20


def test_age_on_refuses_date_before_birth():
    with pytest.raises(ValueError, match="before the birth date"):
        age_on(date(2026, 1, 2), date(2026, 1, 1))


def test_is_minor_on_day_before_18th_birthday():
    assert is_minor(date(2008, 5, 10), date(2026, 5, 9)) is True


def test_is_minor_not_on_18th_birthday():
    assert is_minor(date(2008, 5, 10), date(2026, 5, 10)) is False


def test_is_minor_leap_day_child_becomes_adult_on_1_march():
    assert is_minor(date(2008, 2, 29), date(2026, 2, 28)) is True
    assert is_minor(date(2008, 2, 29), date(2026, 3, 1)) is False


def test_baggage_allowance_starts_on_second_birthday():
    born = date(2024, 4, 10)
    assert baggage_allowance_kg(born, date(2026, 4, 9)) == 0
    assert baggage_allowance_kg(born, date(2026, 4, 10)) == 23


def test_baggage_allowance_for_an_infant_is_zero():
    assert baggage_allowance_kg(date(2026, 1, 1), date(2026, 1, 1)) == 0


def test_baggage_allowance_for_leap_day_child():
    born = date(2024, 2, 29)
    assert baggage_allowance_kg(born, date(2026, 2, 28)) == 0
    assert baggage_allowance_kg(born, date(2026, 3, 1)) == 23


# --- currency and the cash declaration --------------------------------------------------------

RATES = {"DKK": Decimal("7.4604"), "TRY": Decimal("35.1234"), "USD": Decimal("1.0800")}


def test_to_eur_converts_danish_kroner():
    assert to_eur(Decimal("74604"), "DKK", RATES) == Decimal("10000.00")


def test_to_eur_converts_turkish_lira():
    assert to_eur(Decimal("351234"), "TRY", RATES) == Decimal("10000.00")
    assert to_eur(Decimal("351233"), "TRY", RATES) == Decimal("9999.97")


def test_to_eur_needs_no_rate_for_euro():
    assert to_eur(Decimal("10000"), "EUR", {}) == Decimal("10000.00")


def test_to_eur_currency_code_is_case_insensitive():
    assert to_eur(Decimal("74604"), "dkk", RATES) == Decimal("10000.00")
    assert to_eur(Decimal("74604"), " DKK ", {"dkk": Decimal("7.4604")}) == Decimal("10000.00")
    assert to_eur(Decimal("1"), "eur", {}) == Decimal("1.00")


def test_to_eur_rounds_half_up():
    assert to_eur(Decimal("0.20"), "XXX", {"XXX": Decimal("8")}) == Decimal("0.03")
    assert to_eur(Decimal("0.12"), "XXX", {"XXX": Decimal("8")}) == Decimal("0.02")
    assert to_eur(Decimal("10.005"), "EUR", {}) == Decimal("10.01")


def test_to_eur_returns_decimal_with_two_places():
    result = to_eur(Decimal("100"), "USD", RATES)
    assert isinstance(result, Decimal)
    assert result == Decimal("92.59")
    assert result.as_tuple().exponent == -2


def test_to_eur_zero_is_zero():
    assert to_eur(Decimal("0"), "DKK", RATES) == Decimal("0.00")


def test_to_eur_refuses_unknown_currency():
    with pytest.raises(ValueError, match="no exchange rate"):
        to_eur(Decimal("100"), "SYP", RATES)


def test_to_eur_refuses_negative_amount():
    with pytest.raises(ValueError, match="negative"):
        to_eur(Decimal("-0.01"), "DKK", RATES)


@pytest.mark.parametrize("amount", [100.0, 100, "100"])
def test_to_eur_refuses_non_decimal_amount(amount):
    with pytest.raises(TypeError):
        to_eur(amount, "DKK", RATES)


def test_to_eur_refuses_non_finite_amount():
    with pytest.raises(ValueError, match="number"):
        to_eur(Decimal("NaN"), "DKK", RATES)


@pytest.mark.parametrize("rate", [Decimal("0"), Decimal("-7.46"), Decimal("Infinity")])
def test_to_eur_refuses_unusable_rate(rate):
    with pytest.raises(ValueError, match="not valid"):
        to_eur(Decimal("100"), "DKK", {"DKK": rate})


def test_cash_declaration_required_at_exactly_10000_eur():
    assert cash_declaration_required(Decimal("10000.00")) is True


def test_cash_declaration_not_required_at_9999_99_eur():
    assert cash_declaration_required(Decimal("9999.99")) is False


def test_cash_declaration_required_above_threshold():
    assert cash_declaration_required(Decimal("10000.01")) is True


def test_cash_declaration_refuses_float():
    with pytest.raises(TypeError):
        cash_declaration_required(10000.0)


# --- working days and the customs deadline ----------------------------------------------------


def test_weekdays_are_working_days_and_weekends_are_not():
    assert is_danish_working_day(date(2026, 3, 9)) is True  # Monday
    assert is_danish_working_day(date(2026, 3, 13)) is True  # Friday
    assert is_danish_working_day(date(2026, 3, 14)) is False  # Saturday
    assert is_danish_working_day(date(2026, 3, 15)) is False  # Sunday


@pytest.mark.parametrize(
    "holiday",
    [
        date(2026, 1, 1),
        date(2026, 4, 2),  # Maundy Thursday
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 14),  # Ascension Day
        date(2026, 5, 25),  # Whit Monday
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2023, 5, 5),  # Great Prayer Day, abolished from 2024
    ],
)
def test_danish_public_holidays_are_not_working_days(holiday):
    assert is_danish_working_day(holiday) is False


def test_great_prayer_day_is_a_working_day_since_2024():
    assert is_danish_working_day(date(2024, 4, 26)) is True


def test_working_day_accepts_datetime():
    assert is_danish_working_day(datetime(2026, 4, 3, 12, 0, tzinfo=UTC)) is False


def test_customs_deadline_wednesday_departure_is_monday():
    assert customs_deadline(date(2026, 3, 11)) == date(2026, 3, 9)


def test_customs_deadline_monday_departure_is_thursday_before():
    assert customs_deadline(date(2026, 3, 16)) == date(2026, 3, 12)


def test_customs_deadline_sunday_departure_is_thursday_before():
    assert customs_deadline(date(2026, 3, 15)) == date(2026, 3, 12)


def test_customs_deadline_skips_easter_2026():
    # Tuesday 7 April: back past Easter Monday, the weekend, Good Friday and Maundy Thursday.
    assert customs_deadline(date(2026, 4, 7)) == date(2026, 3, 31)


def test_customs_deadline_wednesday_after_easter_2026_is_wednesday_before():
    assert customs_deadline(date(2026, 4, 8)) == date(2026, 4, 1)


def test_customs_deadline_skips_christmas_2025():
    # Christmas Eve is not a public holiday, so Wednesday 24 December counts as a working day.
    assert customs_deadline(date(2025, 12, 29)) == date(2025, 12, 23)


def test_customs_deadline_skips_new_years_day():
    assert customs_deadline(date(2026, 1, 2)) == date(2025, 12, 30)


def test_customs_deadline_met_on_the_deadline_day():
    assert customs_deadline_met(date(2026, 3, 9), date(2026, 3, 11)) is True
    assert customs_deadline_met(date(2026, 3, 2), date(2026, 3, 11)) is True


def test_customs_deadline_missed_the_day_after():
    assert customs_deadline_met(date(2026, 3, 10), date(2026, 3, 11)) is False
    assert customs_deadline_met(date(2026, 4, 1), date(2026, 4, 7)) is False


# --- reconnaissance trip ----------------------------------------------------------------------


def test_recon_one_day_trip_is_one_day():
    assert recon_support_days(date(2026, 3, 1), date(2026, 3, 1)) == 1
    assert recon_trip_days(date(2026, 3, 1), date(2026, 3, 1)) == 1


def test_recon_support_covers_exactly_56_days():
    first = date(2026, 3, 1)
    assert recon_support_days(first, first + timedelta(days=55)) == 56


def test_recon_support_stops_after_56_days():
    first = date(2026, 3, 1)
    assert recon_trip_days(first, first + timedelta(days=56)) == 57
    assert recon_support_days(first, first + timedelta(days=56)) == 56


def test_recon_refuses_last_day_before_first_day():
    with pytest.raises(ValueError, match="before the first day"):
        recon_support_days(date(2026, 3, 2), date(2026, 3, 1))
    with pytest.raises(ValueError, match="before the first day"):
        recon_trip_days(date(2026, 3, 2), date(2026, 3, 1))


# --- rates and flexible payment ---------------------------------------------------------------


def test_rates_2024_hold_the_amounts_of_lov_414_2024():
    assert RATES_2024.year == 2024
    assert RATES_2024.adult_departure == Decimal("26814.56")
    assert RATES_2024.child_departure == Decimal("16088.74")
    assert RATES_2024.adult_after_arrival == Decimal("91169.50")
    assert RATES_2024.adult_after_arrival_with_reintegration == Decimal("75080.77")
    assert RATES_2024.child_after_arrival == Decimal("42903.29")


def test_flexible_payment_for_an_adult_is_both_adult_parts():
    amount = flexible_payment_amount(RATES_2024, date(1980, 1, 1), date(2024, 9, 1))
    assert amount == Decimal("117984.06")


def test_flexible_payment_for_a_child_is_both_child_parts():
    amount = flexible_payment_amount(RATES_2024, date(2015, 1, 1), date(2024, 9, 1))
    assert amount == Decimal("58992.03")


def test_flexible_payment_on_18th_birthday_is_the_adult_amount():
    amount = flexible_payment_amount(RATES_2024, date(2006, 9, 1), date(2024, 9, 1))
    assert amount == Decimal("117984.06")


def test_rates_year_is_the_year_of_departure():
    assert rates_year_for(date(2026, 12, 31)) == 2026
    assert rates_year_for(date(2027, 1, 1)) == 2027


# --- processing time --------------------------------------------------------------------------

SUBMITTED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def test_not_overdue_at_exactly_28_days():
    assert is_overdue(SUBMITTED, SUBMITTED + timedelta(days=28)) is False


def test_overdue_one_second_after_28_days():
    assert is_overdue(SUBMITTED, SUBMITTED + timedelta(days=28, seconds=1)) is True


def test_paused_time_does_not_count_towards_overdue():
    now = SUBMITTED + timedelta(days=30)
    assert is_overdue(SUBMITTED, now, paused_seconds=2 * DAY) is False
    assert is_overdue(SUBMITTED, now, paused_seconds=2 * DAY - 1) is True


def test_processing_seconds_subtracts_pause():
    ended = SUBMITTED + timedelta(hours=10)
    assert processing_seconds(SUBMITTED, ended, 3600) == 9 * 3600


def test_processing_seconds_is_never_negative():
    assert processing_seconds(SUBMITTED, SUBMITTED - timedelta(days=1), 0) == 0
    assert processing_seconds(SUBMITTED, SUBMITTED + timedelta(hours=1), 7200) == 0


def test_processing_seconds_refuses_negative_pause():
    with pytest.raises(ValueError, match="negative"):
        processing_seconds(SUBMITTED, SUBMITTED + timedelta(hours=1), -1)


# --- warnings and the child/escort supplement -------------------------------------------------

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize("days_ahead", [0, 1, 7])
def test_departure_within_7_days_with_missing_declaration_warns(days_ahead):
    departure = TODAY + timedelta(days=days_ahead)
    assert departure_needs_warning(
        departure, TODAY, declaration_missing=True, customs_deadline_passed=False
    )


def test_departure_within_7_days_with_passed_customs_deadline_warns():
    assert departure_needs_warning(
        TODAY + timedelta(days=3), TODAY, declaration_missing=False, customs_deadline_passed=True
    )


@pytest.mark.parametrize("days_ahead", [-1, 8, 30])
def test_departure_outside_the_window_does_not_warn(days_ahead):
    departure = TODAY + timedelta(days=days_ahead)
    assert not departure_needs_warning(
        departure, TODAY, declaration_missing=True, customs_deadline_passed=True
    )


def test_departure_in_order_does_not_warn():
    assert not departure_needs_warning(
        TODAY + timedelta(days=2), TODAY, declaration_missing=False, customs_deadline_passed=False
    )


def test_supplement_not_needed_for_adults_alone():
    assert needs_child_escort_supplement([("applicant", False), ("spouse", False)]) is False


def test_supplement_not_needed_without_travellers():
    assert needs_child_escort_supplement([]) is False


def test_supplement_needed_when_a_minor_travels():
    assert needs_child_escort_supplement([("applicant", False), ("child", True)]) is True


def test_supplement_needed_when_an_escort_travels():
    assert needs_child_escort_supplement([("applicant", False), ("Escort ", False)]) is True


def test_supplement_not_needed_for_adult_child():
    assert needs_child_escort_supplement(iter([("applicant", False), ("child", False)])) is False


# --- properties -------------------------------------------------------------------------------


def _valid_seventh_digits(birth: date) -> list[int]:
    yy = birth.year % 100
    if birth.year >= 2000:
        return [d for d in (4, 9) if yy <= 36] + [d for d in (5, 6, 7, 8) if yy <= 57]
    if birth.year >= 1900:
        return [0, 1, 2, 3] + [d for d in (4, 9) if yy >= 37]
    return [5, 6, 7, 8]


@st.composite
def cpr_numbers(draw: st.DrawFn) -> tuple[str, date]:
    birth = draw(st.dates(date(1858, 1, 1), date(2057, 12, 31)))
    seventh = draw(st.sampled_from(_valid_seventh_digits(birth)))
    rest = draw(st.integers(0, 999))
    return f"{birth:%d%m%y}{seventh}{rest:03d}", birth


@given(cpr_numbers(), st.booleans(), st.sampled_from(["", " ", "\t"]))
def test_property_valid_cpr_round_trips(number, with_dash, padding):
    digits, birth = number
    text = f"{digits[:6]}-{digits[6:]}" if with_dash else digits
    cpr = parse_cpr(f"{padding}{text}{padding}")
    assert cpr.digits == digits
    assert cpr.birth_date == birth
    assert parse_cpr(cpr.formatted) == cpr
    assert cpr.masked == f"{digits[:6]}-xxxx"


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_property_ten_digits_agree_with_python_stdnum(digits):
    try:
        expected = stdnum_cpr.get_birth_date(digits)
    except ValueError:
        with pytest.raises(ValueError, match="real date"):
            parse_cpr(digits)
    else:
        assert parse_cpr(digits).birth_date == expected


@given(st.text(max_size=20))
def test_property_parse_cpr_only_ever_raises_value_error(text):
    try:
        cpr = parse_cpr(text)
    except ValueError as exc:
        message = str(exc)
    else:
        message = ""
        assert len(cpr.digits) == 10
    assert message in {
        "",
        "Enter a CPR number.",
        "A CPR number has 10 digits, written DDMMYY-SSSS.",
        "The first six digits of the CPR number must be a real date (DDMMYY).",
    }


@given(st.one_of(st.none(), st.text(max_size=20)))
def test_property_mask_cpr_never_shows_a_serial(value):
    masked = mask_cpr(value)
    assert masked == "" or masked.endswith("-xxxx")


@settings(deadline=None)
@given(st.dates(date(1990, 1, 1), date(2100, 12, 31)))
def test_property_customs_deadline_is_second_working_day_before_departure(departure):
    deadline = customs_deadline(departure)
    assert deadline < departure
    assert is_danish_working_day(deadline)
    between = (deadline + timedelta(days=n) for n in range((departure - deadline).days))
    assert sum(is_danish_working_day(day) for day in between) == 2


@given(st.dates(date(1900, 1, 1), date(2030, 12, 31)), st.integers(0, 40_000))
def test_property_minor_agrees_with_age(birth, days_later):
    on = birth + timedelta(days=days_later)
    assert is_minor(birth, on) == (age_on(birth, on) < 18)
    assert age_on(birth, on) >= 0


@given(st.dates(max_value=date(9000, 1, 1)), st.integers(0, 1000))
def test_property_recon_support_is_trip_days_capped_at_56(first, length):
    last = first + timedelta(days=length)
    trip = recon_trip_days(first, last)
    assert recon_support_days(first, last) == min(trip, 56)


@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_property_to_eur_is_identity_for_euro(amount):
    assert to_eur(amount, "EUR", {}) == amount
