"""Dates that can hardly work, said where they are typed and again on the check page.

Warnings, not refusals: the agency may still make a tight departure work.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from portal import formatting, rules
from portal.models import Case, Request, RequestKind


def _customs_assisted(requests) -> bool:
    return any(d.customs_assist for req in requests for d in req.cash_declarations)


def for_departure(departure: date | None, today: date, *, customs: bool) -> list[str]:
    """The household's departure: inside the processing target; the customs deadline (when
    the agency is to assist with the customs clearance) passed or within 2 working days."""
    if departure is None or departure < today:
        return []
    warnings = []
    if rules.departure_within_processing_target(departure, today):
        low, high = rules.PROCESSING_TARGET_WEEKS
        warnings.append(_(
            "The departure is in %(days)d days, inside the agency's processing time of "
            "%(low)d–%(high)d weeks. Agree the date with the agency.",
            days=(departure - today).days, low=low, high=high))
    status = rules.customs_deadline_status(departure, today) if customs else None
    if status == "passed":
        warnings.append(_(
            "The customs deadline (%(date)s) has passed: the agency cannot assist with the "
            "customs clearance for this departure.",
            date=formatting.day(rules.customs_deadline(departure))))
    elif status == "close":
        warnings.append(_(
            "The customs deadline is %(date)s, within %(days)d working days: the declaration "
            "must reach the agency by then.",
            date=formatting.day(rules.customs_deadline(departure)),
            days=rules.CUSTOMS_DEADLINE_WORKING_DAYS))
    return warnings


def for_trip(first_day: date | None, last_day: date | None, departure: date | None,
             today: date) -> list[str]:
    """A reconnaissance trip in the past, or one the household's departure falls into."""
    if first_day is None or last_day is None:
        return []
    warnings = []
    if rules.recon_trip_in_past(first_day, today):
        warnings.append(_("The trip starts in the past (%(date)s).",
                          date=formatting.day(first_day)))
    if rules.recon_trip_overlaps_departure(first_day, last_day, departure):
        warnings.append(_("The household's planned departure (%(date)s) falls during the "
                          "trip.", date=formatting.day(departure)))
    return warnings


def for_case(case: Case, today: date | None = None) -> list[str]:
    """On the case's form, after its planned departure is typed."""
    today = today or date.today()
    warnings = for_departure(case.planned_departure, today,
                             customs=_customs_assisted(case.requests))
    for req in case.requests:
        trip = req.recon_trip
        if trip is not None and req.kind is RequestKind.RECON_TRIP:
            warnings += [w for w in for_trip(trip.first_day, trip.last_day,
                                             case.planned_departure, today)
                         if w not in warnings]
    return warnings


def for_request(req: Request, today: date | None = None) -> list[str]:
    """On the check page: the same warnings for the request being filed."""
    today = today or date.today()
    departure = req.case.planned_departure
    if req.kind is RequestKind.RECON_TRIP:
        trip = req.recon_trip
        return for_trip(trip.first_day, trip.last_day, departure, today) if trip else []
    return for_departure(departure, today, customs=_customs_assisted([req]))
