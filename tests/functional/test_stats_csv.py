"""Statistics: departures per month, destination and municipality, processing times against
the target, obstacles, the SVG chart, and a CSV that Danish Excel opens as is."""

import csv
import io
from datetime import UTC, datetime, timedelta

from portal.extensions import db
from portal.models import Request
from portal.services.processing import stats
from portal.workflow import Status
from tests.agency_helpers import make_request


def _depart(app, made, when: datetime | None, processing_days: float | None = None):
    with app.app_context():
        req = db.session.get(Request, made.request_id)
        req.departed_at = when
        if processing_days is not None:
            req.processing_seconds = int(processing_days * 86400)
            req.travel_booked_at = (when or datetime.now(UTC)) - timedelta(days=2)
        db.session.commit()
        db.session.remove()


def _fixture(app, make):
    year = datetime.now(UTC).year
    family = make_request(app, make, status=Status.DEPARTED, family=True)  # 5 persons
    single = make_request(app, make, status=Status.CLOSED, code="101")
    iran = make_request(app, make, status=Status.DEPARTED, destination="IR")
    booked = make_request(app, make, status=Status.TRAVEL_BOOKED)  # no departure yet
    _depart(app, family, datetime(year, 1, 15, tzinfo=UTC), processing_days=20)
    _depart(app, single, datetime(year, 1, 20, tzinfo=UTC), processing_days=30.5)
    _depart(app, iran, datetime(year, 3, 2, tzinfo=UTC), processing_days=25)
    _depart(app, booked, None, processing_days=25)  # measured, but not a departure
    return year


def test_departures_count_persons_per_month_destination_and_municipality(app, make):
    year = _fixture(app, make)
    with app.test_request_context():
        result = stats.compute(year)
    assert result.per_month[0] == 6
    assert result.per_month[2] == 1
    assert result.total == 7
    assert dict(result.by_destination) == {"SY": 6, "IR": 1}
    assert dict(result.by_municipality) == {"Aarhus": 6, "København": 1}
    assert result.reference_years == {2019: 502, 2024: 304}
    assert result.processing_median_days == 25.0
    assert result.processing_average_days == 25.1  # (20 + 30.5 + 25 + 25) / 4
    assert result.processing_count == 4
    assert result.within_target is True


def test_statistics_page_draws_the_chart_with_a_data_table(app, client, make, login_as,
                                                           english):
    login_as("agency")
    year = _fixture(app, make)
    text = client.get(f"/agency/statistics?year={year}").get_data(as_text=True)
    assert "<svg" in text
    assert 'role="img"' in text
    assert text.count('class="chart-bar"') == 12
    assert f"<th scope=\"row\">{year}-01</th><td>6</td>" in text
    assert "304" in text
    assert "502" in text
    assert "Within target" in text


def test_csv_has_bom_semicolons_decimal_comma_and_crlf(app, client, make, login_as, english):
    login_as("agency")
    year = _fixture(app, make)
    response = client.get(f"/agency/statistics.csv?year={year}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    assert "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert all(len(row) == 3 for row in rows)
    table = {(row[0], row[1]): row[2] for row in rows[1:]}
    assert table[(f"Departures per month {year}", f"{year}-01")] == "6"
    assert table[("Departures by municipality", "København")] == "1"
    assert table[("Departures per year (reference)", "2024")] == "304"
    assert table[("Departures per year", str(year))] == "7"
    assert table[("Processing time in days", "Average")] == "25,1"
    assert table[("Obstacles on open requests", "No obstacle")].isdigit()


def test_statistics_with_a_nonsense_year_falls_back_to_this_year(app, client, login_as,
                                                                english):
    login_as("agency")
    response = client.get("/agency/statistics?year=abc")
    assert response.status_code == 200
    assert f"Statistics {datetime.now(UTC).year}" in response.get_data(as_text=True)
    assert client.get("/agency/statistics.csv?year=99999").status_code == 200


def test_drc_cannot_see_statistics(client, login_as):
    login_as("drc_adviser")
    assert client.get("/agency/statistics.csv").status_code == 403


def test_obstacle_figures_add_up_to_the_queue_s_open_requests(app, client, make, login_as,
                                                              english):
    import re as regex

    from portal.extensions import db
    from portal.models import Case, Obstacle
    from portal.workflow import Status
    from tests.agency_helpers import make_request

    login_as("agency")
    made = [make_request(app, make, status=status) for status in (
        Status.SUBMITTED, Status.IN_REVIEW, Status.AWAITING_MUNICIPALITY,
        Status.TRAVEL_BOOKED, Status.CLOSED, Status.REJECTED)]
    make.case()  # a case with no submitted request counts nowhere
    with app.app_context():
        db.session.get(Case, made[1].case_id).obstacle = Obstacle.HEALTH
        db.session.get(Case, made[4].case_id).obstacle = Obstacle.HEALTH  # closed: not open
        db.session.commit()
        db.session.remove()
    html = client.get("/agency/statistics").get_data(as_text=True)
    section = html[html.index('id="obst-title"'):]
    figures = {value: int(count) for value, count in regex.findall(
        r'obstacle=(\w+)">[^<]*</a></th><td>(\d+)</td>', section)}
    assert sum(figures.values()) == 4
    assert figures["health"] == 1
    for value, count in figures.items():
        queue = client.get(f"/agency/?status=open&obstacle={value}").get_data(as_text=True)
        assert len(regex.findall(r'<a href="/agency/requests/\d+">', queue)) == count, value
