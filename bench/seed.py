"""Build a benchmark database: N cases over all 98 municipalities, every status, full history.

    python bench/seed.py --cases 100000                      # SQLite file under bench/results/
    python bench/seed.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

The schema comes from the Alembic migrations (never from create_all), the demo accounts
from the demo loader, and everything else from bulk Core inserts of ~5,000 rows per
statement batch, one transaction per batch. Ids are given explicitly (no RETURNING round
trips); on PostgreSQL the sequences are moved past them afterwards. The request counters
are rebuilt with ``portal.models.counters.recount`` at the end.

On PostgreSQL everything goes into a dedicated schema (``bench`` for 100,000 cases,
``bench_<n>`` for other sizes) reached through ``search_path``, so the target database's
other schemas are never touched.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BATCH = 5000
DEFAULT_CASES = 100_000
FAMILY_SIZE = 6
AGENCY_ACCOUNTS = 64
READY_CODE = "101"  # København: the submission scenario logs in as kobenhavn@demo.test
# Reference date for the generated history; fixed so two seeds of one size are identical.
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

# Final status of a request, with its weight: most history is closed, thousands are open.
STATUS_MIX = (
    ("closed", 62), ("departed", 6), ("rejected", 4), ("withdrawn", 3), ("cancelled", 1),
    ("draft", 3), ("submitted", 3), ("received", 3), ("in_review", 6),
    ("awaiting_municipality", 3), ("approved", 3), ("travel_booked", 3),
)
OPEN = {"draft", "submitted", "received", "in_review", "awaiting_municipality", "approved",
        "travel_booked", "cancelled", "departed"}
TERMINAL = {"closed", "rejected", "withdrawn"}
AGENCY_MOVES = {"received", "in_review", "awaiting_municipality", "approved", "travel_booked",
                "departed", "closed", "rejected", "cancelled"}
DESTINATIONS = ("SY", "SY", "SY", "IQ", "AF", "SO", "BA", "TR", "LB", "ER", "IR", "PS", "XK")
FLEX_DESTINATIONS = ("SY", "SY", "SY", "IR")
GIVEN = ("Ahmad", "Fatima", "Mohammed", "Aisha", "Omar", "Layla", "Yusuf", "Mariam", "Ali",
         "Zainab", "Hassan", "Noor", "Karim", "Huda", "Samir", "Rania", "Tariq", "Amira",
         "Jens", "Mette", "Søren", "Åse", "Ibrahim", "Salma", "Khalid", "Dalia", "Nabil",
         "Yasmin", "Rami", "Leila", "Bilal", "Hiba", "Farid", "Sara", "Ziad", "Nadia")
FAMILY = ("Al-Hassan", "Haddad", "Khalil", "Nasser", "Mansour", "Saleh", "Darwish", "Aziz",
          "Hamdan", "Yousef", "Rahimi", "Ahmadi", "Hussein", "Jaber", "Karimi", "Omar",
          "Abdi", "Warsame", "Begić", "Hodžić", "Yılmaz", "Demir", "Tesfaye", "Haile",
          "Nielsen", "Sørensen", "Østergård", "Ali", "Ibrahim", "Mahmoud", "Qasim", "Sultani")
# Bigger municipalities get more cases, so the caseworker list sees thousands.
WEIGHTED_CODES = {"101": 12, "751": 6, "461": 4, "851": 4, "147": 2}


@dataclass
class Seeded:
    """Counts and the ids the load test needs (written next to the database as JSON)."""

    database_url: str
    size: int = 0  # cases asked for
    cases: int = 0
    persons: int = 0
    requests: int = 0
    request_persons: int = 0
    status_events: int = 0
    seconds: float = 0.0
    family_case_id: int = 0
    family_request_id: int = 0
    ready_draft_ids: list[int] = field(default_factory=list)
    aarhus_request_ids: list[int] = field(default_factory=list)
    open_request_ids: list[int] = field(default_factory=list)
    draft_request_ids: list[int] = field(default_factory=list)

    def line(self) -> str:
        return (f"seeded {self.cases} cases, {self.persons} persons, {self.requests} requests, "
                f"{self.request_persons} request persons, {self.status_events} status events "
                f"in {self.seconds:.1f} s")


# --------------------------------------------------------------------------- database url


def schema_for(cases: int) -> str:
    return "bench" if cases == DEFAULT_CASES else f"bench_{cases}"


def ready_drafts_for(cases: int) -> int:
    return min(3000, max(20, cases // 30))


def agency_email(n: int) -> str:
    return f"agency-{n:02d}@bench.test"


def sqlite_path(cases: int) -> Path:
    return RESULTS / f"bench-{cases}.sqlite3"


def app_database_url(base_url: str | None, cases: int) -> str:
    """The URL the portal uses: the SQLite file, or PostgreSQL with the bench search_path."""
    if not base_url:
        return f"sqlite:///{sqlite_path(cases)}"
    sep = "&" if "?" in base_url else "?"
    return f"{base_url}{sep}options={quote('-csearch_path=' + schema_for(cases), safe='')}"


def meta_path(base_url: str | None, cases: int) -> Path:
    backend = "postgresql" if base_url else "sqlite"
    return RESULTS / f"seed-{backend}-{cases}.json"


def _reset_storage(base_url: str | None, cases: int) -> None:
    from sqlalchemy import create_engine, text

    if not base_url:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path(cases)}{suffix}").unlink(missing_ok=True)
        return
    schema = schema_for(cases)
    engine = create_engine(base_url)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()


def _bench_app(url: str):
    from portal import create_app

    return create_app({"ENV_MODE": "development", "SQLALCHEMY_DATABASE_URI": url,
                       "SECRET_KEY": "bench-seed-only", "MAIL_BACKEND": "null",
                       "INSTANCE_PATH": str(RESULTS / "instance")})


def upgrade_schema(base_url: str | None, cases: int) -> None:
    """Bring a reused database to the current migration head (new indexes, new columns)."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from portal.extensions import db

    app = _bench_app(app_database_url(base_url, cases))
    with app.app_context():
        before = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        db.session.remove()
        upgrade()
        after = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if after != before:
            db.session.execute(text("ANALYZE"))  # statistics for the new indexes
            db.session.commit()
        db.session.remove()
        db.engine.dispose()


def existing(base_url: str | None, cases: int) -> Seeded | None:
    """The earlier seed of this size, if its metadata and its database are both still there."""
    path = meta_path(base_url, cases)
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("size") != cases:
        return None
    if not base_url and not sqlite_path(cases).exists():
        return None
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(app_database_url(base_url, cases))
        with engine.connect() as conn:
            found = conn.execute(text("SELECT count(*) FROM cases")).scalar()
        engine.dispose()
    except Exception:
        return None
    if found != cases:
        return None
    return Seeded(**data)


# --------------------------------------------------------------------------- generation


def _codes_weighted(codes: list[str]) -> list[str]:
    out = []
    for code in codes:
        out.extend([code] * WEIGHTED_CODES.get(code, 1))
    return out


def _path_to(final: str, rng: random.Random) -> list[str]:
    """The statuses a request passed through to reach `final`, as the workflow allows."""
    base = ["draft"]
    if final == "draft":
        return base
    base.append("submitted")
    if final == "submitted":
        return base
    if final == "withdrawn":
        return base + (["received", "in_review", "withdrawn"] if rng.random() < 0.5
                       else ["withdrawn"])
    base.append("received")
    if final == "received":
        return base
    if final == "rejected" and rng.random() < 0.3:
        return [*base, "rejected"]
    base.append("in_review")
    if final != "in_review" and rng.random() < 0.35:
        base += ["awaiting_municipality", "in_review"]
    if final in ("in_review", "awaiting_municipality", "rejected"):
        return base + ([] if final == "in_review" else [final])
    base.append("approved")
    if final == "approved":
        return base
    if final == "closed" and rng.random() < 0.05:
        return [*base, "closed"]
    base.append("travel_booked")
    if final == "travel_booked":
        return base
    if final == "cancelled":
        return [*base, "cancelled"]
    base.append("departed")
    if final == "departed":
        return base
    return [*base, "closed"]


def _birth_date(rng: random.Random, adult: bool) -> date:
    years = rng.randint(19, 70) if adult else rng.randint(0, 17)
    return (NOW - timedelta(days=365 * years + rng.randint(0, 364))).date()


def _cpr(birth: date, rng: random.Random) -> str:
    seventh = rng.choice("0123") if birth.year < 2000 else rng.choice("4")
    return f"{birth:%d%m%y}{seventh}{rng.randint(0, 999):03d}"


class Generator:
    """Makes rows in dicts with explicit ids; one instance per seed run."""

    def __init__(self, rng: random.Random, municipality_ids: dict[str, int],
                 caseworkers: dict[str, int], agency_ids: list[int], route_ids: list[int]):
        self.rng = rng
        self.municipality_ids = municipality_ids
        self.caseworkers = caseworkers
        self.agency_ids = agency_ids
        self.route_ids = route_ids
        self.codes = _codes_weighted(sorted(municipality_ids))
        self.statuses = [s for s, w in STATUS_MIX for _ in range(w)]
        self.case_id = self.person_id = self.request_id = 0
        self.rp_id = self.event_id = 0

    def case(self, *, code: str | None = None, size: int | None = None,
             flexible: bool | None = None, final: str | None = None,
             ready: bool = False) -> dict[str, list[dict]]:
        """One household with its persons and requests; `ready` makes a one-person departure
        draft with every step done, for the submission scenario."""
        rng = self.rng
        code = code or rng.choice(self.codes)
        self.case_id += 1
        case_id = self.case_id
        if flexible is None:
            flexible = rng.random() < 0.15
        final = final or rng.choice(self.statuses)
        size = size or rng.choices((1, 2, 3, 4, 5, 6), (30, 20, 15, 15, 12, 8))[0]
        # Open work is recent; closed history spreads over five years.
        age_days = rng.randint(5, 120) if final in OPEN else rng.randint(60, 5 * 365)
        created = NOW - timedelta(days=age_days, seconds=rng.randint(0, 86_399))
        destination = rng.choice(FLEX_DESTINATIONS if flexible else DESTINATIONS)
        family = rng.choice(FAMILY)
        caseworker = self.caseworkers[code]
        rows: dict[str, list[dict]] = {k: [] for k in (
            "cases", "persons", "requests", "request_persons", "status_events", "recon_trips")}

        persons = []
        for position in range(size):
            adult = position < 2 or size == 1
            relation = ("applicant" if position == 0 else
                        "spouse" if position == 1 and size > 2 else "child")
            if size == 2 and position == 1:
                relation = "spouse" if rng.random() < 0.7 else "child"
                adult = relation == "spouse"
            birth = _birth_date(rng, adult)
            self.person_id += 1
            persons.append(self.person_id)
            rows["persons"].append({
                "id": self.person_id, "case_id": case_id, "position": position,
                "full_name": f"{rng.choice(GIVEN)} {family}",
                "cpr": None if (not adult and rng.random() < 0.1) else _cpr(birth, rng),
                "birth_date": birth, "nationality": destination, "danish_citizen": False,
                "passport_number": f"P{rng.randint(1_000_000, 9_999_999)}",
                "passport_country": destination,
                "passport_expiry": (NOW + timedelta(days=rng.randint(30, 3000))).date(),
                "relation": relation, "phone": "", "cpr_deregistered_at": None,
            })

        kind = "flexible_payment" if flexible else "departure"
        requests = [(kind, final, persons)]
        if not flexible and not ready and rng.random() < 0.1:
            recon_final = rng.choice(("closed", "closed", "rejected", "in_review", "submitted"))
            requests.insert(0, ("recon_trip", recon_final, persons[:1]))

        last_time = created
        all_terminal = True
        for req_kind, req_final, travellers in requests:
            self.request_id += 1
            request_id = self.request_id
            path = _path_to(req_final, rng)
            when = created + timedelta(minutes=rng.randint(5, 600))
            stamps: dict[str, datetime] = {}
            prev = None
            awaiting_since = None
            paused = 0
            for status in path:
                self.event_id += 1
                agency_move = (status in AGENCY_MOVES and status != "in_review") or (
                    status == "in_review" and prev != "awaiting_municipality")
                actor = rng.choice(self.agency_ids) if agency_move else caseworker
                internal = agency_move and rng.random() < 0.2
                rows["status_events"].append({
                    "id": self.event_id, "request_id": request_id, "actor_id": actor,
                    "from_status": prev, "to_status": status,
                    "note": "" if rng.random() < 0.6 else
                    ("Internal check done." if internal else "Please see the attached note."),
                    "visibility": "internal" if internal else "shared", "created_at": when,
                })
                if prev == "awaiting_municipality" and awaiting_since:
                    paused += int((when - awaiting_since).total_seconds())
                    awaiting_since = None
                if status == "awaiting_municipality":
                    awaiting_since = when
                stamps.setdefault(status, when)
                prev = status
                last = when
                when = when + timedelta(days=rng.randint(1, 9), minutes=rng.randint(0, 900))
                if when > NOW:  # halfway to now: time never runs backwards in a history
                    when = last + (NOW - last) / 2
            submitted = stamps.get("submitted")
            booked = stamps.get("travel_booked")
            assignee = (rng.choice(self.agency_ids)
                        if req_final not in ("draft", "submitted", "received", "withdrawn")
                        or (req_final == "received" and rng.random() < 0.5) else None)
            rows["requests"].append({
                "id": request_id, "case_id": case_id,
                "municipality_id": self.municipality_ids[code], "kind": req_kind,
                "status": req_final, "assignee_id": assignee, "created_by_id": caseworker,
                "draft_step": "check" if ready else "travellers" if req_final == "draft"
                else "check",
                "submission_token": None, "created_at": created, "updated_at": last,
                "submitted_at": submitted, "status_changed_at": last,
                "travel_booked_at": booked, "departed_at": stamps.get("departed"),
                "awaiting_since": awaiting_since, "paused_seconds": paused,
                "processing_seconds": (max(0, int((booked - submitted).total_seconds()) - paused)
                                       if booked and submitted else None),
                "route_id": rng.choice(self.route_ids) if booked and destination == "SY"
                else None,
                "flight_numbers": "TK1784, TK848" if booked else "",
                "departure_at": (booked + timedelta(days=rng.randint(7, 30))) if booked
                else None,
            })
            for person_id in travellers:
                self.rp_id += 1
                rows["request_persons"].append({
                    "id": self.rp_id, "request_id": request_id, "person_id": person_id,
                    "travels": True,
                    "waives_regret_and_reintegration": req_kind == "flexible_payment",
                    "waives_citizenship": False, "address_abroad": "", "contact_abroad": "",
                    "special_needs": "", "cash_carrier_id": None, "other_cash_amount": None,
                    "other_cash_currency": None, "payout_amount": None, "paid_out_at": None,
                })
            if req_kind == "recon_trip":
                first = (created + timedelta(days=30)).date()
                rows["recon_trips"].append({
                    "request_id": request_id, "destination_country": destination,
                    "purpose": "See the housing situation before deciding.",
                    "first_day": first, "last_day": first + timedelta(days=21),
                    "benefit_kept": "", "support_requested": True,
                })
            last_time = max(last_time, last)
            all_terminal = all_terminal and req_final in TERMINAL

        open_final = final not in TERMINAL
        rows["cases"].append({
            "id": case_id, "reference": f"R-{created.year}-{case_id:06d}",
            "municipality_id": self.municipality_ids[code], "created_by_id": caseworker,
            "destination_country": destination,
            "kind": "flexible_payment" if flexible else "ordinary",
            "planned_departure": (created + timedelta(days=rng.randint(30, 120))).date(),
            "obstacle": (rng.choice(("none", "none", "none", "missing_travel_document",
                                     "route_suspended", "health", "transfers_impossible"))
                         if open_final else "none"),
            "created_at": created, "updated_at": last_time,
            "closed_at": last_time if all_terminal else None, "anonymised_at": None,
            "version_id": 1,
        })
        return rows


# --------------------------------------------------------------------------- seeding


def _flush(session, tables, buffers: dict[str, list[dict]], *, force: bool = False) -> None:
    """Insert every buffer that is full (or all of them), one transaction per batch."""
    from sqlalchemy import insert

    order = ("cases", "persons", "requests", "recon_trips", "request_persons", "status_events")
    if not force and len(buffers["status_events"]) < BATCH and len(buffers["persons"]) < BATCH:
        return
    for name in order:
        rows = buffers[name]
        if rows:
            session.execute(insert(tables[name]), rows)
            rows.clear()
    session.commit()


def seed(cases: int = DEFAULT_CASES, base_url: str | None = None, *, seed_value: int = 2026,
         quiet: bool = False) -> Seeded:
    """Drop and build the database for `cases` cases; returns the counts and useful ids."""
    from flask_migrate import upgrade
    from sqlalchemy import select, text

    from portal.demo import DEMO_TOTP_SECRET
    from portal.demo import accounts as demo_accounts
    from portal.demo import newsletter as demo_newsletter
    from portal.extensions import db
    from portal.models import Municipality, Role, Route, User
    from portal.models.counters import recount

    started = time.perf_counter()
    RESULTS.mkdir(parents=True, exist_ok=True)
    _reset_storage(base_url, cases)
    url = app_database_url(base_url, cases)
    app = _bench_app(url)
    result = Seeded(database_url=url.split("@")[-1] if "@" in url else url, size=cases)
    with app.app_context():
        upgrade()
        demo_accounts.load()  # the accounts and the published newsletter; the other demo
        demo_newsletter.load()  # loaders add cases, which come from the bulk inserts below
        db.session.commit()
        municipality_ids = {m.code: m.id for m in db.session.scalars(select(Municipality))}
        users = {u.email: u for u in db.session.scalars(select(User))}
        password_hash = users["aarhus@demo.test"].password_hash
        # One caseworker per municipality without a demo account (same demo password).
        caseworkers = {}
        for code, mid in sorted(municipality_ids.items()):
            demo = next((u for u in users.values() if u.municipality_id == mid), None)
            if demo is None:
                demo = User(email=f"caseworker-{code}@bench.test", name=f"Caseworker {code}",
                            role=Role.CASEWORKER, municipality_id=mid,
                            password_hash=password_hash)
                db.session.add(demo)
                db.session.flush()
            caseworkers[code] = demo.id
        # Agency staff for the load test: one account per simulated user, because a TOTP
        # code is accepted once per account (replay protection).
        agency_ids = [users["agency@demo.test"].id, users["agency2@demo.test"].id]
        for n in range(1, AGENCY_ACCOUNTS + 1):
            staff = User(email=agency_email(n), name=f"Agency staff {n:02d}", role=Role.AGENCY,
                         password_hash=password_hash, totp_secret=DEMO_TOTP_SECRET,
                         totp_enabled=True)
            db.session.add(staff)
            db.session.flush()
            agency_ids.append(staff.id)
        route_ids = list(db.session.scalars(select(Route.id)))
        db.session.commit()

        tables = db.metadata.tables
        gen = Generator(random.Random(seed_value), municipality_ids, caseworkers, agency_ids,
                        route_ids)
        buffers: dict[str, list[dict]] = {k: [] for k in (
            "cases", "persons", "requests", "recon_trips", "request_persons", "status_events")}
        counts = dict.fromkeys(buffers, 0)
        aarhus = municipality_ids["751"]

        def add(rows):
            for name, batch in rows.items():
                buffers[name].extend(batch)
                counts[name] += len(batch)
            for row in rows["requests"]:
                if row["municipality_id"] == aarhus and len(result.aarhus_request_ids) < 200:
                    result.aarhus_request_ids.append(row["id"])
                if (row["status"] in ("received", "in_review") and
                        len(result.open_request_ids) < 500):
                    result.open_request_ids.append(row["id"])
                if (row["status"] == "draft" and row["municipality_id"] == aarhus
                        and len(result.draft_request_ids) < 200):
                    result.draft_request_ids.append(row["id"])
            _flush(db.session, tables, buffers)

        ready = ready_drafts_for(cases)
        for _ in range(cases - ready - 1):
            add(gen.case())
        # Complete one-person departure drafts in København: the submission scenario
        # submits them through the real check-your-answers page.
        for _ in range(ready):
            rows = gen.case(code=READY_CODE, size=1, flexible=False, final="draft", ready=True)
            result.ready_draft_ids.append(rows["requests"][-1]["id"])
            add(rows)
        # The family of 6 with a flexible-payment request, for the PDF measurement.
        family = gen.case(code="751", size=FAMILY_SIZE, flexible=True, final="in_review")
        result.family_case_id = family["cases"][0]["id"]
        result.family_request_id = family["requests"][-1]["id"]
        add(family)
        _flush(db.session, tables, buffers, force=True)

        if db.engine.dialect.name == "postgresql":
            for table in ("cases", "persons", "requests", "request_persons", "status_events"):
                db.session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table}))"))
            db.session.commit()
            db.session.execute(text("ANALYZE"))
        else:
            db.session.execute(text("ANALYZE"))
        recount(db.session)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()

    result.cases = counts["cases"]
    result.persons = counts["persons"]
    result.requests = counts["requests"]
    result.request_persons = counts["request_persons"]
    result.status_events = counts["status_events"]
    result.seconds = time.perf_counter() - started
    meta_path(base_url, cases).write_text(json.dumps(result.__dict__, indent=1),
                                          encoding="utf-8")
    if not quiet:
        print(result.line(), flush=True)
    return result


def reset_ready_drafts(seeded: Seeded, base_url: str | None) -> int:
    """Make the submission scenario's drafts drafts again (a rerun with --reuse submits them
    anew): status, token and times back, later history removed, counters rebuilt."""
    from sqlalchemy import bindparam, create_engine, text
    from sqlalchemy.orm import Session

    from portal.models.counters import recount

    ids = seeded.ready_draft_ids
    if not ids:
        return 0
    engine = create_engine(app_database_url(base_url, seeded.size))
    with Session(engine) as session:
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            params = {"ids": chunk}
            session.execute(text(
                "DELETE FROM status_events WHERE to_status <> 'draft' AND request_id IN :ids"
            ).bindparams(bindparam("ids", expanding=True)), params)
            session.execute(text(
                "UPDATE requests SET status = 'draft', submission_token = NULL, "
                "submitted_at = NULL, status_changed_at = created_at, draft_step = 'check' "
                "WHERE id IN :ids").bindparams(bindparam("ids", expanding=True)), params)
        session.commit()
        recount(session)
        session.commit()
    engine.dispose()
    return len(ids)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL") or None,
                        help="PostgreSQL base URL (default: a SQLite file under bench/results)")
    parser.add_argument("--reuse", action="store_true", help="keep an earlier seed of this size")
    args = parser.parse_args(argv)
    if args.reuse and (found := existing(args.database_url, args.cases)):
        upgrade_schema(args.database_url, args.cases)
        print(f"reusing {found.line()}")
        return 0
    seed(args.cases, args.database_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
