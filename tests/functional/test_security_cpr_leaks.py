"""No CPR number in application logs, URLs or e-mails.

`cpr_watch` is a reusable fixture: any flow test can take it (import it from this module,
or list this module in `pytest_plugins`) and it fails the test at teardown if a CPR-like
number appeared in a log record (INFO and up), in a URL the client requested or was
redirected to, or in an e-mail the SMTP sink received.
"""

from __future__ import annotations

import logging
import re
from datetime import date

import pytest

from portal.extensions import db
from portal.models import Case

CPR_RE = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})-?(\d{4})(?!\d)")


def find_cpr(text: str) -> list[str]:
    """CPR-like numbers (DDMMYY-SSSS or DDMMYYSSSS with a real day and month)."""
    hits = []
    for match in CPR_RE.finditer(text or ""):
        day, month = int(match.group(1)), int(match.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            hits.append(match.group(0))
    return hits


class CprWatch:
    """Collects URLs; logs come from caplog and mails from the SMTP sink."""

    def __init__(self, caplog, outbox):
        self.caplog = caplog
        self.outbox = outbox
        self.urls: list[str] = []

    def watch(self, client) -> None:
        """Record every URL this client requests and every redirect it is sent to."""
        original = client.open

        def open_and_record(*args, **kwargs):
            target = args[0] if args else kwargs.get("path", "")
            query = kwargs.get("query_string")
            self.urls.append(f"{target}?{query}" if query else str(target))
            response = original(*args, **kwargs)
            if response.headers.get("Location"):
                self.urls.append(response.headers["Location"])
            for item in getattr(response, "history", ()) or ():
                self.urls.append(item.request.url)
            if getattr(response, "request", None) is not None:
                self.urls.append(response.request.url)
            return response

        client.open = open_and_record

    def leaks(self) -> dict[str, list[str]]:
        found = {}
        log_text = "\n".join(r.getMessage() for r in self.caplog.records)
        found["logs"] = find_cpr(log_text)
        found["urls"] = [u for u in self.urls if find_cpr(u)]
        mails = [m.as_string() for m in self.outbox.messages]
        mails += self.outbox.bodies() if self.outbox.messages else []
        found["mails"] = [hit for mail in mails for hit in find_cpr(mail)]
        return {k: v for k, v in found.items() if v}


def _enable_logging() -> None:
    # Alembic's fileConfig (run in-process by the test setup) disables existing loggers.
    for logger in logging.root.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            logger.disabled = False


@pytest.fixture
def cpr_watch(client, caplog, mail_outbox):
    _enable_logging()
    caplog.set_level(logging.INFO)
    watch = CprWatch(caplog, mail_outbox)
    watch.watch(client)
    yield watch
    leaks = watch.leaks()
    assert not leaks, f"CPR numbers leaked: {leaks}"


def test_find_cpr_sees_both_spellings_and_ignores_ids_and_dates():
    assert find_cpr("person 170580-1234 and 1705801234") == ["170580-1234", "1705801234"]
    assert find_cpr("/requests/12345 2026-11-23 id=99999999999 R-2026-000123") == []
    assert find_cpr("9905801234") == []  # no 99th day


def test_the_watch_catches_a_leak_in_each_channel(caplog, mail_outbox):
    watch = CprWatch(caplog, mail_outbox)
    _enable_logging()
    caplog.set_level(logging.INFO)
    logging.getLogger("portal.test").info("looked up 0203841235")
    watch.urls.append("/search?q=020384-1235")
    assert set(watch.leaks()) == {"logs", "urls"}


def test_a_full_flow_leaks_no_cpr(cpr_watch, client, make, app, login_as):
    """Login, case creation with a CPR, case pages for every role, denial paths, the admin's
    audit export and a user created with the admin form: no CPR in logs, URLs or mails."""
    login_as("caseworker")
    today = date.today()
    response = client.form_post("/municipality/cases/new", {
        "destination_country": "SY", "kind": "ordinary",
        "planned_departure": today.replace(year=today.year + 1).isoformat(),
        "full_name": "Hassan Saleh", "cpr": "150372-1237", "birth_date": "1972-03-15",
        "nationality": "SY", "passport_number": "N1234567", "passport_country": "SY",
        "relation": "applicant", "phone": "+45 12 34 56 78"}, follow_redirects=True)
    assert response.status_code == 200
    family = make.case(family=True)
    foreign = make.case(family=True, municipality_code="101")
    with app.app_context():
        cases = db.session.scalars(db.select(Case.id)).all()
        db.session.remove()
    assert len(cases) == 3  # the case typed in the form, and the two made here
    for case_id in cases:
        client.get(f"/municipality/cases/{case_id}")
    client.form_post("/logout", page="/municipality/")

    login_as("drc_adviser")
    client.form_post("/drc/", {"reference": family.reference}, follow_redirects=True)
    client.get(f"/drc/cases/{family.id}")
    client.form_post("/logout", page="/drc/")

    login_as("agency")
    client.get("/agency/")
    client.form_post("/logout", page="/agency/")

    login_as("admin")
    client.get(f"/admin/audit/persons?case_reference={foreign.reference}")
    with app.app_context():
        person_id = db.session.get(Case, foreign.id).persons[0].id
        db.session.remove()
    client.get(f"/admin/audit/persons/{person_id}/export.csv")
    client.form_post("/admin/users/new", {
        "name": "Ny Bruger", "email": "ny.bruger@example.org", "role": "drc_adviser",
        "password": "A-long-initial-pass-1"})
    # The test fails in the fixture's teardown if anything leaked; make sure it watched.
    assert len(cpr_watch.urls) > 20
