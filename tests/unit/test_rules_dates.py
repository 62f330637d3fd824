"""Date warnings (issue 16, point 7): the customs deadline in Danish working days, the
processing target and a reconnaissance trip against the household's departure."""

from datetime import date

import pytest

from portal import rules

# Wednesday 2026-12-09: deadline Monday 2026-12-07 (two working days back).
WEDNESDAY = date(2026, 12, 9)


@pytest.mark.parametrize(("today", "status"), [
    (date(2026, 12, 8), "passed"),      # Tuesday: Monday's deadline has gone
    (date(2026, 12, 7), "close"),       # the deadline day itself
    (date(2026, 12, 3), "close"),       # Thursday: Friday and Monday left
    (date(2026, 12, 2), None),          # Wednesday: three working days left
])
def test_the_customs_deadline_is_passed_close_or_fine(today, status):
    assert rules.customs_deadline(WEDNESDAY) == date(2026, 12, 7)
    assert rules.customs_deadline_status(WEDNESDAY, today) == status


def test_christmas_holidays_do_not_count_as_working_days():
    # departure Monday 2026-12-28: back over 27, 26 (2nd Christmas day), 25, 24, 23 -> 23rd
    assert rules.customs_deadline(date(2026, 12, 28)) == date(2026, 12, 23)
    assert rules.customs_deadline_status(date(2026, 12, 28), date(2026, 12, 21)) == "close"


def test_a_departure_years_ahead_is_not_close_and_is_answered_at_once():
    assert rules.customs_deadline_status(date(9999, 12, 31), date(2026, 12, 4)) is None


@pytest.mark.parametrize(("days", "inside"), [(0, True), (27, True), (28, False), (-1, False)])
def test_a_departure_inside_four_weeks_is_inside_the_processing_target(days, inside):
    today = date(2026, 12, 4)
    departure = date.fromordinal(today.toordinal() + days)
    assert rules.departure_within_processing_target(departure, today) is inside


@pytest.mark.parametrize(("first", "last", "departure", "overlaps"), [
    (date(2027, 1, 1), date(2027, 3, 1), date(2027, 2, 1), True),
    (date(2027, 1, 1), date(2027, 3, 1), date(2027, 3, 1), True),
    (date(2027, 1, 1), date(2027, 1, 31), date(2027, 2, 1), False),
    (date(2027, 1, 1), date(2027, 1, 31), None, False),
])
def test_a_trip_overlaps_the_departure_when_the_departure_falls_in_it(first, last, departure,
                                                                      overlaps):
    assert rules.recon_trip_overlaps_departure(first, last, departure) is overlaps


def test_a_trip_starting_before_today_is_in_the_past():
    assert rules.recon_trip_in_past(date(2026, 12, 3), date(2026, 12, 4))
    assert not rules.recon_trip_in_past(date(2026, 12, 4), date(2026, 12, 4))
