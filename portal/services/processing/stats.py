"""Statistics for the agency: departures, processing times against the target, obstacles.

A departure counts each travelling person once per year (the newsletter counts persons:
304 in 2024, 502 in 2019), from requests other than reconnaissance trips.
"""

from __future__ import annotations

import csv
import io
import statistics as pystats
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal import rules
from portal.db import utcnow
from portal.extensions import db
from portal.models import Case, Municipality, Obstacle, Request, RequestKind, RequestPerson
from portal.services.processing import queue
from portal.services.processing.queue import overdue_condition
from portal.workflow import Status

#: Whole-year figures from the agency's newsletter nr. 3 – 2025.
REFERENCE_YEARS = {2019: 502, 2024: 304}
DEPARTED_STATUSES = (Status.DEPARTED, Status.CLOSED)


@dataclass
class Statistics:
    year: int
    per_month: list[int]  # 12 values, January first
    total: int
    by_destination: list[tuple[str, int]]
    by_municipality: list[tuple[str, int]]
    reference_years: dict[int, int]
    processing_count: int
    processing_average_days: float | None
    processing_median_days: float | None
    target_weeks: tuple[int, int]
    overdue: int
    obstacles: list[tuple[Obstacle, int]]
    years: list[int] = field(default_factory=list)
    per_year: dict[int, int] = field(default_factory=dict)

    @property
    def within_target(self) -> bool | None:
        if self.processing_average_days is None:
            return None
        return self.processing_average_days <= self.target_weeks[1] * 7


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)


def departures(year: int) -> list[tuple[int, datetime, str, str]]:
    """(person id, departed at, destination, municipality name), each person once."""
    start, end = _year_bounds(year)
    rows = db.session.execute(
        select(RequestPerson.person_id, Request.departed_at, Case.destination_country,
               Municipality.name)
        .join(Request, Request.id == RequestPerson.request_id)
        .join(Case, Case.id == Request.case_id)
        .join(Municipality, Municipality.id == Request.municipality_id)
        .where(RequestPerson.travels.is_(True), Request.kind != RequestKind.RECON_TRIP,
               Request.status.in_(DEPARTED_STATUSES), Request.departed_at >= start,
               Request.departed_at < end)
        .order_by(Request.departed_at))
    seen, result = set(), []
    for person_id, departed_at, destination, municipality in rows:
        if person_id not in seen:
            seen.add(person_id)
            result.append((person_id, departed_at, destination, municipality))
    return result


def _years_with_data(current: int) -> list[int]:
    first = db.session.scalar(select(func.min(Request.departed_at)))
    first_year = first.year if first else current
    return list(range(current, min(first_year, current) - 1, -1))


def compute(year: int | None = None, now: datetime | None = None) -> Statistics:
    now = now or utcnow()
    year = year or now.year
    rows = departures(year)
    per_month = [0] * 12
    for _pid, departed_at, _dest, _mun in rows:
        per_month[departed_at.month - 1] += 1
    by_destination = Counter(dest for _p, _d, dest, _m in rows).most_common()
    by_municipality = Counter(mun for _p, _d, _dest, mun in rows).most_common()

    start, end = _year_bounds(year)
    seconds = list(db.session.scalars(
        select(Request.processing_seconds).where(Request.processing_seconds.is_not(None),
                                                 Request.travel_booked_at >= start,
                                                 Request.travel_booked_at < end)))
    average = round(sum(seconds) / len(seconds) / 86400, 1) if seconds else None
    median = round(pystats.median(seconds) / 86400, 1) if seconds else None
    overdue = db.session.scalar(select(func.count()).select_from(Request).where(
        overdue_condition(now))) or 0
    obstacles = list(queue.open_requests_per_obstacle(now=now).items())
    years = sorted(set(_years_with_data(now.year)) | {year}, reverse=True)
    return Statistics(
        year=year, per_month=per_month, total=len(rows), by_destination=by_destination,
        by_municipality=by_municipality, reference_years=dict(REFERENCE_YEARS),
        processing_count=len(seconds), processing_average_days=average,
        processing_median_days=median, target_weeks=rules.PROCESSING_TARGET_WEEKS,
        overdue=overdue, obstacles=obstacles, years=years,
        per_year={y: (len(rows) if y == year else len(departures(y))) for y in years})


# --- The chart ----------------------------------------------------------------------------


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label_x: float


def bar_chart(values: list[int], *, width: int = 600, height: int = 220,
              padding: int = 30) -> tuple[list[Bar], int]:
    """Geometry for a server-drawn SVG bar chart; returns the bars and the scale maximum."""
    top = max(values) if values and max(values) > 0 else 1
    slot = (width - padding) / max(len(values), 1)
    usable = height - 2 * padding
    bars = []
    for i, value in enumerate(values):
        bar_height = usable * value / top
        x = padding + i * slot + slot * 0.15
        bars.append(Bar(x=round(x, 1), y=round(height - padding - bar_height, 1),
                        width=round(slot * 0.7, 1), height=round(bar_height, 1), value=value,
                        label_x=round(x + slot * 0.35, 1)))
    return bars, top


# --- CSV for Danish Excel -----------------------------------------------------------------


def _decimal_comma(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def csv_bytes(stats: Statistics) -> bytes:
    """UTF-8 with BOM, semicolons, decimal comma and CRLF: what Danish Excel opens as is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_("Section"), _("Item"), _("Value")])
    for month, count in enumerate(stats.per_month, start=1):
        writer.writerow([_("Departures per month %(year)s", year=stats.year),
                         f"{stats.year}-{month:02d}", count])
    for year, count in sorted(stats.per_year.items()):
        writer.writerow([_("Departures per year"), year, count])
    for year, count in sorted(stats.reference_years.items()):
        writer.writerow([_("Departures per year (reference)"), year, count])
    for destination, count in stats.by_destination:
        writer.writerow([_("Departures by destination"), destination, count])
    for municipality, count in stats.by_municipality:
        writer.writerow([_("Departures by municipality"), municipality, count])
    writer.writerow([_("Processing time in days"), _("Average"),
                     _decimal_comma(stats.processing_average_days)])
    writer.writerow([_("Processing time in days"), _("Median"),
                     _decimal_comma(stats.processing_median_days)])
    writer.writerow([_("Processing time in days"), _("Requests measured"),
                     stats.processing_count])
    writer.writerow([_("Open requests"), _("Overdue (more than 4 weeks)"), stats.overdue])
    for obstacle, count in stats.obstacles:
        writer.writerow([_("Obstacles on open requests"), str(obstacle.label), count])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
