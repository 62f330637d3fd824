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
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BATCH = 5000
DEFAULT_CASES = 100_000
AGENCY_ACCOUNTS = 64

from bench.generate import FAMILY_SIZE, READY_CODE, Generator  # noqa: E402


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
    """Bring a reused database to the current migration head (new indexes, new columns) and
    its TOTP accounts to the current demo secret."""
    from flask_migrate import upgrade
    from sqlalchemy import text, update

    from portal.demo import DEMO_TOTP_SECRET
    from portal.extensions import db
    from portal.models import User

    app = _bench_app(app_database_url(base_url, cases))
    with app.app_context():
        before = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        db.session.remove()
        upgrade()
        after = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if after != before:
            db.session.execute(text("ANALYZE"))  # statistics for the new indexes
        # The demo secret may have changed since the seed: the load logs in with today's.
        db.session.execute(update(User).where(User.totp_enabled.is_(True))
                           .values(totp_secret=DEMO_TOTP_SECRET))
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
            # As a working database is: vacuumed (visibility map set, hint bits written), so
            # the measured requests do not pay for the bulk load's first reads.
            with db.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text(
                    "VACUUM (ANALYZE) cases, persons, requests, request_persons, "
                    "status_events"))
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
