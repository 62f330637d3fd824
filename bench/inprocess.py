"""CPU per page, in-process: what one request costs without HTTP, gunicorn or the load driver.

    .venv/bin/python bench/inprocess.py                  # the 10,000-case SQLite seed
    .venv/bin/python bench/inprocess.py --cases 100000 --profile queue

Logs in through the real forms with the Flask test client, requests each page a number of
times and prints the median CPU time (time.process_time) and the SQL statements per view.
`--profile PAGE` prints the 25 most expensive functions of that page (cProfile).
Run `make bench` (or bench/seed.py) first so the seeded database exists.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import seed as seeding  # noqa: E402
from bench.common import CASEWORKER, PASSWORD, csrf_token, totp_now  # noqa: E402

PROFILE_ACCOUNTS = range(64, 52, -1)  # the last bench agency accounts (the load uses 1-16)
SUBMITTER = "kobenhavn@demo.test"  # the seed's complete drafts are in København
DRC_ADVISER = "drc@demo.test"


def _login(client, email: str) -> bool:
    page = client.get("/login")
    response = client.post("/login", data={"email": email, "password": PASSWORD,
                                           "csrf_token": csrf_token(page.get_data(as_text=True))})
    client.get("/drc/")  # the results page is where the found cases are remembered
    if "/login/totp" in response.headers.get("Location", ""):
        page = client.get("/login/totp")
        response = client.post("/login/totp", data={
            "code": totp_now(), "csrf_token": csrf_token(page.get_data(as_text=True))})
    return response.status_code in (302, 303) and "/login" not in response.headers["Location"]


def _login_any(client, emails: list[str]) -> None:
    """A TOTP code works once per account and 30 s, so repeated runs move to the next one."""
    for email in emails:
        if _login(client, email):
            return
    raise SystemExit(f"could not log in as any of {emails}")


def _look_up(app, client, case_id: int) -> None:
    """DRC may open only a case its session has found: look the family's case up first."""
    from portal.extensions import db
    from portal.models import Case

    with app.app_context():
        reference = db.session.get(Case, case_id).reference
    page = client.get("/drc/")
    client.post("/drc/", data={"reference": reference, "name": "", "birth_date": "",
                               "csrf_token": csrf_token(page.get_data(as_text=True))})
    client.get("/drc/")  # the results page is where the found cases are remembered


def _pages(meta: dict) -> dict[str, tuple[str, str]]:
    agency = "agency"
    request_id = (meta.get("open_request_ids") or [1])[0]
    family = meta.get("family_request_id", 1)
    draft = (meta.get("ready_draft_ids") or [1, 1])[1]  # a draft the load only edits
    return {
        "queue": (agency, "/agency/?status=in_review"),
        "queue_open": (agency, "/agency/"),
        "request": (agency, f"/agency/requests/{request_id}"),
        "caselist": (CASEWORKER, "/municipality/"),
        "step": (SUBMITTER, f"/municipality/requests/{draft}/steps/departure"),
        "check": (SUBMITTER, f"/municipality/requests/{draft}/check"),
        "pdf_family": (CASEWORKER, f"/documents/requests/{family}/flexible-payment.pdf"),
        "drc_case": (DRC_ADVISER, f"/drc/cases/{meta.get('family_case_id', 1)}"),
        "contacts": (CASEWORKER, "/contacts"),
        "healthz": (CASEWORKER, "/healthz"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", default=None, help="page to profile with cProfile")
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args(argv)

    from sqlalchemy import event

    from portal import create_app
    from portal.extensions import db

    url = seeding.app_database_url(args.database_url, args.cases)
    meta = json.loads(seeding.meta_path(args.database_url, args.cases).read_text())
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                      "MAIL_BACKEND": "null", "SECRET_KEY": "in-process-profile"})
    statements = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute",
                     lambda *a, **k: statements.append(1))

    clients: dict[str, object] = {}
    print(f"{'page':<12} {'cpu ms (median)':>16} {'min':>7} {'statements':>11} {'bytes':>8}")
    for name, (email, path) in _pages(meta).items():
        if args.only and name not in args.only:
            continue
        if email not in clients:
            clients[email] = app.test_client()
            _login_any(clients[email], [seeding.agency_email(n) for n in PROFILE_ACCOUNTS]
                       if email == "agency" else [email])
            if email == DRC_ADVISER:
                _look_up(app, clients[email], meta.get("family_case_id", 1))
        client = clients[email]
        client.get(path)  # warm: templates compiled, caches filled
        times = []
        gc.collect()
        for _ in range(args.repeat):
            statements.clear()
            start = time.process_time()
            response = client.get(path)
            times.append((time.process_time() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        size = len(response.get_data())
        print(f"{name:<12} {statistics.median(times):>16.2f} {min(times):>7.2f} "
              f"{len(statements):>11} {size:>8}")
        if args.profile == name:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat):
                client.get(path)
            profiler.disable()
            stats = pstats.Stats(profiler)
            ours = re.compile(r"portal|forms|jinja|sqlalchemy")
            stats.sort_stats("cumulative").print_stats(ours, 40)
            stats.sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
