"""Every list page issues the same number of SQL statements for 5 rows and for 50 rows.

A page whose statement count grows with its rows has an N+1 query, and the benchmark
(bench/run.py) would show it as a page that slows down as the database grows. The count is
taken with an SQLAlchemy ``before_cursor_execute`` listener on the app's engine, after an
identical warm-up request, as the smaller of two counts, so a session "last seen" update due
once a minute can never fall into one side only.

The list pages are named in LIST_PAGES; a page whose endpoint is missing fails the test
rather than being skipped, so none drops out silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert

from portal.extensions import db
from portal.models import AuditEvent, RequestKind
from portal.workflow import Status
from tests.agency_helpers import make_request
from tests.newsletter_helpers import make_issue
from tests.sql_counting import statements_of_get

REFERENCE_RE = re.compile(r"R-\d{4}-\d{6}")
DRC_PERSON = {"full_name": "Omar Haddad", "birth_date": date(1980, 5, 17),
              "relation": "applicant", "cpr": "1705801234"}


@dataclass
class Measured:
    statements: int
    rows: int
    html: str


def _measure(app, client, url: str, rows_in) -> Measured:
    """Statements of a GET (tests/sql_counting.py) and the rows it shows."""
    statements, response = statements_of_get(app, client, url)
    html = response.get_data(as_text=True)
    return Measured(statements, rows_in(html), html)


def _distinct(pattern: str):
    regex = re.compile(pattern)
    return lambda html: len(set(regex.findall(html)))


# --- data for each page: add(n) adds n more rows of what the page lists ----------------------


def _queue_rows(app, make, login_as):
    agency = login_as("agency")
    caseworker = make.user("caseworker")
    copenhagen = make.user("caseworker", municipality_code="101")
    state = {"i": 0}

    def add(n: int) -> None:
        for _ in range(n):
            i = state["i"] = state["i"] + 1
            make_request(app, make, status=Status.IN_REVIEW, family=i % 3 == 0,
                         kind=RequestKind.FLEXIBLE_PAYMENT if i % 2 else RequestKind.DEPARTURE,
                         caseworker=copenhagen if i % 4 else caseworker, agency=agency,
                         code="101" if i % 4 else "751", assignee=agency if i % 5 else None)

    return "/agency/?status=in_review", add, _distinct(r"/agency/requests/(\d+)\"")


def _case_list_rows(app, make, login_as):
    caseworker = login_as("caseworker")
    agency = make.user("agency")
    statuses = (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.AWAITING_MUNICIPALITY,
                Status.CLOSED)
    state = {"i": 0}

    def add(n: int) -> None:
        for _ in range(n):
            i = state["i"] = state["i"] + 1
            make_request(app, make, status=statuses[i % len(statuses)], family=i % 3 == 0,
                         caseworker=caseworker, agency=agency)

    return "/municipality/", add, lambda html: len(set(REFERENCE_RE.findall(html)))


def _drc_rows(app, make, login_as):
    login_as("drc_adviser")
    agency = make.user("agency")
    caseworker = make.user("caseworker")

    def add(n: int) -> None:
        for i in range(n):
            make_request(app, make, status=Status.IN_REVIEW if i % 2 else Status.DEPARTED,
                         caseworker=caseworker, agency=agency, persons=[dict(DRC_PERSON)])

    return "/drc/", add, _distinct(r"/drc/cases/(\d+)\"")


def _newsletter_rows(app, make, login_as):
    login_as("caseworker")
    state = {"number": 0}

    def add(n: int) -> None:
        for _ in range(n):
            state["number"] += 1
            number = state["number"]
            make_issue(app, number=number, year=2000 + number // 4,
                       title=f"Issue {number}",
                       sections=(("Status", "Some **news**."), ("Routes", "Via Istanbul.")),
                       published_at=datetime(2020, 1, 1, tzinfo=UTC) + timedelta(days=number))

    return "/newsletter/", add, _distinct(r"/newsletter/(\d+)\"")


def _admin_user_rows(app, make, login_as):
    admin = login_as("admin")
    roles = ("caseworker", "agency", "drc_adviser", "admin")
    state = {"i": 0}

    def add(n: int) -> None:
        for _ in range(n):
            i = state["i"] = state["i"] + 1
            make.user(roles[i % len(roles)], municipality_code=("751", "101", "461")[i % 3])

    user_link = re.compile(r"/admin/users/(\d+)\"")

    def rows_in(html: str) -> int:  # the users added, not the administrator looking
        return len(set(user_link.findall(html)) - {str(admin.id)})

    return "/admin/", add, rows_in


def _audit_rows(app, make, login_as):
    admin = login_as("admin")
    state = {"i": 0}

    def add(n: int) -> None:
        rows = []
        for _ in range(n):
            i = state["i"] = state["i"] + 1
            rows.append({"user_id": admin.id, "user_email": admin.email, "role": "admin",
                         "organisation": "agency", "case_id": 900_000 + i,
                         "case_reference": f"R-2026-{900_000 + i:06d}",
                         "action": ("view_case", "download_pdf", "submit_request")[i % 3],
                         "detail": "", "ip_address": "127.0.0.1",
                         "created_at": datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=i)})
        with app.app_context():
            db.session.execute(insert(AuditEvent), rows)
            db.session.commit()
            db.session.remove()

    return "/admin/audit", add, _distinct(r"R-2026-(9\d{5})")


#: endpoint -> data builder; these are the list pages the performance issue names.
LIST_PAGES = {
    "agency.start": _queue_rows,  # the agency's work queue
    "municipality.start": _case_list_rows,  # the caseworker's case list
    "drc.start": _drc_rows,  # DRC's search results
    "info.archive": _newsletter_rows,  # the newsletter archive
    "admin.start": _admin_user_rows,  # the administrators' user list
    "admin.audit_log": _audit_rows,  # the audit log
}


SEARCHES = {"drc.start": {"name": "Omar Haddad", "birth_date": "1980-05-17"}}


@pytest.mark.parametrize("endpoint", list(LIST_PAGES))
def test_list_page_issues_the_same_statements_for_5_and_for_50_rows(
        endpoint, app, client, make, login_as):
    assert endpoint in app.view_functions, f"list page {endpoint} does not exist"
    url, add, rows_in = LIST_PAGES[endpoint](app, make, login_as)
    if endpoint in SEARCHES:  # person searches are posted, then the page is read by GET
        client.form_post(url, SEARCHES[endpoint])
    add(5)
    few = _measure(app, client, url, rows_in)
    assert few.rows == 5, f"{url} shows {few.rows} rows, expected 5"
    add(45)
    many = _measure(app, client, url, rows_in)
    assert many.rows >= 20, f"{url} shows only {many.rows} rows of 50"
    assert many.statements == few.statements, (
        f"{url}: {few.statements} statements for 5 rows, {many.statements} for {many.rows}")
