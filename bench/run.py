"""`make bench`: seed, serve under gunicorn as in production, drive an open-loop mixed load at
fixed arrival rates, print a table and the BENCH line.

    python bench/run.py                       # SQLite files under bench/results/
    python bench/run.py --reuse               # keep earlier seeds of the same sizes
    python bench/run.py --cases 2000 --scale-cases 0 --base-time 20 --step-time 10  # a quick look
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test python bench/run.py

What it does, in order (every step bounded in time):
1. seeds 100,000 cases (and 10,000 for the scale figure) unless --reuse finds them;
2. serves the bare Flask app (bench/bare_app.py) under gunicorn with gunicorn.conf.py and
   reads how many requests a second a few clients get from it back to back (information);
3. serves the portal with the same gunicorn.conf.py on the 100,000-case database, logs the
   simulated users in through the real forms, warms up, then starts the working day's mix of
   journeys (bench/loadgen.py) at 20 requests/s, and at 40, 60, ... until a step in which
   some page's p95 exceeds 250 ms; reads the largest worker's RSS;
4. serves the 10,000-case database and runs the 20 requests/s step again (scale figure);
5. renders the family's PDF in-process to separate render time from HTTP time;
6. prints a table and, as the very last line, the BENCH line.

The portal runs as in production (PORTAL_ENV=production, a random SECRET_KEY) with three
deliberate differences, all because this is a load test on loopback: RATELIMIT_ENABLED=false
(every simulated user comes from 127.0.0.1, so the per-IP login limit would stop the test,
not protect anything), MAIL_BACKEND=null (no SMTP server) and SESSION_COOKIE_SECURE=false
(plain http on 127.0.0.1, so a Secure cookie would never be sent back). On PostgreSQL the
connections carry an application_name, so the database's own CPU per request is counted too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import loadgen  # noqa: E402
from bench import seed as seeding  # noqa: E402
from bench.common import CASEWORKER, PASSWORD  # noqa: E402

BIN = Path(sys.executable).parent
STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0
APP_NAME = "repatriering-bench"
SUBMITTER = "kobenhavn@demo.test"  # the ready drafts are in København
DRC_ADVISER = "drc@demo.test"
# Simulated people: agency staff need one account each (a TOTP code works once per account
# and 30 s); caseworkers and the DRC adviser log in several times to the same account.
AGENCY_USERS = 16
SESSIONS = {"aarhus": (CASEWORKER, 4, "/municipality/"),
            "kobenhavn": (SUBMITTER, 4, "/municipality/"),
            "drc": (DRC_ADVISER, 6, "/drc/")}


# --------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with the repository's gunicorn.conf.py, on a free loopback port."""

    def __init__(self, app: str, env: dict[str, str], log: Path, pythonpath: Path | None = None,
                 pg_base_url: str | None = None, port: int | None = None):
        self.port = port or free_port()
        self.log = log
        self.pg_base_url = pg_base_url
        self._pg_engine = None
        self.counted = ""
        cmd = [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")]
        if pythonpath:
            cmd += ["--pythonpath", str(pythonpath)]
        cmd.append(app)
        full_env = {**os.environ, **env, "HOST": "127.0.0.1", "PORT": str(self.port)}
        self.log_file = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=self.log_file,
                                        stderr=subprocess.STDOUT)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"gunicorn did not answer /healthz in {STARTUP_TIMEOUT:.0f} s")

    def _workers(self):
        import psutil

        try:
            return psutil.Process(self.process.pid).children()
        except psutil.NoSuchProcess:
            return []

    def largest_worker_rss_mb(self) -> float:
        import psutil

        sizes = []
        for worker in self._workers():
            try:
                sizes.append(worker.memory_info().rss)
            except psutil.NoSuchProcess:
                continue
        return max(sizes, default=0) / 1024 / 1024

    def cpu_times(self) -> dict[int, float]:
        """CPU seconds so far of each worker, and of each PostgreSQL backend serving them."""
        import psutil

        processes = list(self._workers())
        self.counted = f"{len(processes)} workers"
        if self.pg_base_url:
            backends = [psutil.Process(pid) for pid in self._backend_pids()
                        if psutil.pid_exists(pid)]
            processes += backends
            self.counted += f" and {len(backends)} PostgreSQL backends"
        times = {}
        for process in processes:
            try:
                cpu = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            times[process.pid] = cpu.user + cpu.system
        return times

    def _backend_pids(self) -> list[int]:
        from sqlalchemy import create_engine, text

        if self._pg_engine is None:
            self._pg_engine = create_engine(self.pg_base_url, poolclass=None)
        with self._pg_engine.connect() as conn:
            return list(conn.execute(text(
                "SELECT pid FROM pg_stat_activity WHERE application_name = :name"),
                {"name": f"{APP_NAME}-{self.port}"}).scalars())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT)
        self.log_file.close()
        if self._pg_engine is not None:
            self._pg_engine.dispose()


def cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(value - before.get(pid, 0.0) for pid, value in after.items())


def portal_env(database_url: str) -> dict[str, str]:
    return {
        "PORTAL_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url,
        "PORTAL_INSTANCE_PATH": str(RESULTS / "instance"),
        "RATELIMIT_ENABLED": "false",
        "MAIL_BACKEND": "null",
        "SESSION_COOKIE_SECURE": "false",
        "HSTS": "false",
    }


# --------------------------------------------------------------------------- one database


@dataclass
class SizeRun:
    """What one served database gave: the steps in order (the first at the base rate)."""

    cases: int
    steps: list[loadgen.StepResult] = field(default_factory=list)
    login_errors: int = 0
    warmup_errors: int = 0
    rss_mb: float = 0.0
    seconds: float = 0.0

    @property
    def base(self) -> loadgen.StepResult | None:
        return self.steps[0] if self.steps else None

    @property
    def errors(self) -> int:
        return self.login_errors + self.warmup_errors + sum(s.recorder.errors
                                                            for s in self.steps)


def ensure_seed(cases: int, base_url: str | None, reuse: bool) -> seeding.Seeded:
    if reuse and (found := seeding.existing(base_url, cases)):
        seeding.upgrade_schema(base_url, cases)
        print(f"reusing {found.line()}", flush=True)
        return found
    return seeding.seed(cases, base_url)


def drc_cases(url: str, cases: int, wanted: int = 500) -> list[tuple[int, str]]:
    """Cases a DRC adviser may look up (something on them has been submitted), spread over
    the whole table."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT id, reference FROM cases WHERE reference IS NOT NULL AND MOD(id, :every) = 0 "
            "AND EXISTS (SELECT 1 FROM requests r WHERE r.case_id = cases.id "
            "AND r.status <> 'draft') ORDER BY id"), {"every": max(1, cases // wanted)}).all()
    engine.dispose()
    return [(row[0], row[1]) for row in rows]


def log_in_everyone(http: loadgen.Http, agency_first: int) -> tuple[dict[str, list], int]:
    jobs = [("agency", seeding.agency_email(n), "/agency/")
            for n in range(agency_first, agency_first + AGENCY_USERS)]
    for pool, (email, sessions, landing) in SESSIONS.items():
        jobs += [(pool, email, landing)] * sessions
    users: dict[str, list] = {pool: [] for pool, _email, _landing in jobs}
    failures = 0

    def one(job):
        pool, email, landing = job
        return pool, loadgen.login(http, email, PASSWORD, landing)

    with ThreadPoolExecutor(max_workers=4) as executor:
        futures = [executor.submit(one, job) for job in jobs]
        for future in futures:
            try:
                pool, user = future.result(timeout=120)
            except Exception as exc:  # counted and shown, never hidden
                failures += 1
                print(f"  login failed: {exc}", flush=True)
                continue
            users[pool].append(user)
    missing = [pool for pool, found in users.items() if not found]
    if missing:
        raise RuntimeError(f"no user could log in for {missing}")
    return users, failures


def run_size(cases: int, seeded: seeding.Seeded, args, rates: list[float],
             tag: str) -> SizeRun:
    """Serve one database and run the steps at `rates` (stopping at the first failing one)."""
    started = time.monotonic()
    base_url = args.database_url
    seeding.reset_ready_drafts(seeded, base_url)
    url = seeding.app_database_url(base_url, cases)
    port = free_port()
    if base_url:  # lets cpu_times() find the PostgreSQL backends serving this server
        url += f"&application_name={APP_NAME}-{port}"
    server = Server("wsgi:app", portal_env(url), RESULTS / f"{tag}-gunicorn.log",
                    pg_base_url=base_url, port=port)
    result = SizeRun(cases)
    http = None
    try:
        server.wait_ready()
        http = loadgen.Http(server.url, args.threads)
        ready = list(seeded.ready_draft_ids)
        data = loadgen.Data(
            open_request_ids=seeded.open_request_ids or [1],
            family_request_id=seeded.family_request_id,
            drc_cases=drc_cases(seeding.app_database_url(base_url, cases), cases),
            filing_drafts=ready[1::2], submit_drafts=deque(ready[0::2]))
        users, result.login_errors = log_in_everyone(http, 1)
        rng = random.Random(args.seed)
        warm = loadgen.run_step(http, users, data, rate=args.warmup_rate,
                                seconds=args.warmup, rng=rng, threads=args.threads)
        result.warmup_errors = warm.recorder.errors
        _show_errors("warm-up", warm)
        for rate in rates:
            seconds = args.base_time if rate == rates[0] else args.step_time
            before = server.cpu_times()
            step = loadgen.run_step(http, users, data, rate=rate, seconds=seconds, rng=rng,
                                    threads=args.threads)
            step.server_cpu_s = cpu_delta(before, server.cpu_times())
            result.steps.append(step)
            page, p95 = step.worst()
            print(f"  {cases} cases, {rate:g} requests/s for {seconds:g} s: "
                  f"{step.achieved:.1f}/s done, worst p95 {p95:.0f} ms ({page}), "
                  f"{step.recorder.errors} errors, {step.recorder.unserved} unserved, "
                  f"server CPU {step.cpu_ms_per_request or 0:.1f} ms/request "
                  f"({server.counted})", flush=True)
            _show_errors(f"{rate:g}/s", step)
            if not step.passes(args.limit_ms):
                break
        result.rss_mb = server.largest_worker_rss_mb()
        print(f"  sent again after a kept-alive connection closed: {http.resent}", flush=True)
    finally:
        if http is not None:
            http.close()
        server.stop()
    result.seconds = time.monotonic() - started
    return result


def _show_errors(what: str, step: loadgen.StepResult) -> None:
    for message in step.recorder.messages[:5]:
        print(f"    {what}: {message}", flush=True)


def measure_bare(args) -> tuple[float, int]:
    server = Server("bare_app:app", {}, RESULTS / "bare-gunicorn.log", pythonpath=BENCH)
    try:
        server.wait_ready()
        http = loadgen.Http(server.url, 8)
        try:
            return loadgen.closed_loop_rate(http, "/", seconds=args.bare_time)
        finally:
            http.close()
    finally:
        server.stop()


def pdf_render_ms(cases: int, base_url: str | None, seeded: seeding.Seeded,
                  repeat: int = 15) -> tuple[float, float] | None:
    """Median in-process times for the family's PDF: (load the data, render the bytes).

    No HTTP, no login: what is left of pdf_family_ms after this is the web stack's share.
    """
    import statistics

    from portal import create_app, pdf
    from portal.extensions import db
    from portal.models import Request

    try:
        from portal.services.filing import documents
    except ImportError:
        return None
    if not hasattr(documents, "flexible_payment_data"):
        return None
    app = create_app({"ENV_MODE": "development", "SECRET_KEY": "bench-render",
                      "SQLALCHEMY_DATABASE_URI": seeding.app_database_url(base_url, cases),
                      "INSTANCE_PATH": str(RESULTS / "instance"), "MAIL_BACKEND": "null"})
    loads, renders = [], []
    with app.test_request_context("/"):
        for attempt in range(repeat + 1):  # the first round warms fonts and caches up
            db.session.expire_all()
            started = time.perf_counter()
            data = documents.flexible_payment_data(db.session.get(Request,
                                                                  seeded.family_request_id))
            loaded = time.perf_counter()
            pdf.render_flexible_payment(data, documents.formatter())
            done = time.perf_counter()
            if attempt:
                loads.append((loaded - started) * 1000)
                renders.append((done - loaded) * 1000)
        db.session.remove()
        db.engine.dispose()
    return statistics.median(loads), statistics.median(renders)


# --------------------------------------------------------------------------- report


def _cell(step: loadgen.StepResult | None, page: str) -> str:
    stats = step.recorder.pages.get(page) if step else None
    if not stats or not stats.count:
        return f"{'-':>6}{'-':>7}{'-':>7}{'-':>5}"
    return (f"{stats.count:>6}{stats.median:>7.0f}{stats.percentile(0.95):>7.0f}"
            f"{stats.errors:>5}")


def table(big: SizeRun, small: SizeRun | None, limit_ms: float) -> str:
    base = big.base
    share = {page: (base.recorder.pages[page].count / base.recorder.requests * 100
                    if base and page in base.recorder.pages else 0.0)
             for page in loadgen.PAGES}
    head = f"{'n':>6}{'median':>7}{'p95':>7}{'err':>5}"
    lines = [f"pages at {base.rate:g} requests/s, times in ms" if base else "no steps ran",
             f"{'page':<14}{'share':>6}   {big.cases:>,} cases{'':>12}"
             + (f"   {small.cases:>,} cases" if small else ""),
             f"{'':<14}{'':>6}   {head}" + (f"   {head}" if small else "")]
    for page in loadgen.PAGES:
        lines.append(f"{page:<14}{share[page]:>5.0f}%   {_cell(base, page)}"
                     + (f"   {_cell(small.base, page)}" if small else ""))
    lines.append("")
    lines.append(f"steps at {big.cases:,} cases (a step passes while every page's p95 "
                 f"<= {limit_ms:g} ms, with no error and no journey left unstarted)")
    lines.append(f"{'rate/s':>7}{'done/s':>8}{'worst p95':>11}  {'page':<13}{'errors':>7}"
                 f"{'unserved':>9}{'server CPU/req':>15}{'client CPU':>11}  result")
    for step in big.steps + (small.steps if small else []):
        page, p95 = step.worst()
        cpu = step.cpu_ms_per_request
        lines.append(f"{step.rate:>7g}{step.achieved:>8.1f}{p95:>9.0f}ms  {page:<13}"
                     f"{step.recorder.errors:>7}{step.recorder.unserved:>9}"
                     f"{(f'{cpu:.1f} ms' if cpu is not None else '-'):>15}"
                     f"{step.client_cpu_s / step.seconds * 100:>10.0f}%  "
                     f"{'pass' if step.passes(limit_ms) else 'FAIL'}"
                     + (f" ({small.cases:,} cases)" if small and step in small.steps else ""))
    return "\n".join(lines)


def capacity(run: SizeRun, limit_ms: float) -> float:
    passed = 0.0
    for step in run.steps:
        if not step.passes(limit_ms):
            break
        passed = step.rate
    return passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=seeding.DEFAULT_CASES)
    parser.add_argument("--scale-cases", type=int, default=10_000,
                        help="the smaller database for the scale figure (0: skip it)")
    parser.add_argument("--base-rate", type=float, default=20.0,
                        help="requests/s of the first step, reported per page")
    parser.add_argument("--base-time", type=float, default=120.0,
                        help="seconds of the first step (per database)")
    parser.add_argument("--step", type=float, default=20.0, help="rate added per step")
    parser.add_argument("--step-time", type=float, default=30.0,
                        help="seconds of each further step")
    parser.add_argument("--max-rate", type=float, default=300.0)
    parser.add_argument("--limit-ms", type=float, default=250.0,
                        help="a step passes while every page's p95 stays at or under this")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds, not measured")
    parser.add_argument("--warmup-rate", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=48,
                        help="client threads (journeys in flight at most)")
    parser.add_argument("--bare-time", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=2026, help="seed of the arrival schedule")
    parser.add_argument("--reuse", action="store_true", help="reuse seeded databases if present")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL") or None)
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    backend = "postgresql" if args.database_url else "sqlite"
    print(f"bench on {backend}: open loop, {args.base_rate:g} requests/s for "
          f"{args.base_time:g} s, then +{args.step:g}/s every {args.step_time:g} s; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)

    big_seed = ensure_seed(args.cases, args.database_url, args.reuse)
    small_seed = (ensure_seed(args.scale_cases, args.database_url, args.reuse)
                  if args.scale_cases else None)

    bare_rps, bare_errors = measure_bare(args)
    print(f"  bare Flask: {bare_rps:.0f} requests/s back to back", flush=True)

    rates, rate = [], args.base_rate
    while rate <= args.max_rate:
        rates.append(rate)
        rate += args.step
    big = run_size(args.cases, big_seed, args, rates, f"{backend}-{args.cases}")
    small = (run_size(args.scale_cases, small_seed, args, rates[:1],
                      f"{backend}-{args.scale_cases}") if small_seed else None)
    pdf_render = pdf_render_ms(args.cases, args.database_url, big_seed)

    errors = bare_errors + big.errors + (small.errors if small else 0)
    base = big.base
    worst = base.worst()[1] if base else 0.0
    big_cpu = base.cpu_ms_per_request if base else None
    small_cpu = small.base.cpu_ms_per_request if small and small.base else None
    scale = big_cpu / small_cpu if big_cpu and small_cpu else 0.0
    pdf_ms = base.p95("pdf_family") if base else 0.0
    _save(args, big, small, bare_rps)

    print()
    print(table(big, small, args.limit_ms))
    if small and small.base and base:
        queue_ratio = (base.p95("queue") / small.base.p95("queue")
                       if small.base.p95("queue") else 0.0)
        print(f"scale: server CPU per request {big_cpu or 0:.1f} ms at {args.cases:,} cases, "
              f"{small_cpu or 0:.1f} ms at {args.scale_cases:,} (ratio {scale:.2f}); "
              f"queue p95 ratio {queue_ratio:.2f}")
    print(f"largest gunicorn worker after the steps: {big.rss_mb:.0f} MB RSS; "
          f"errors: {big.login_errors} at login, {big.warmup_errors} in the warm-up")
    if pdf_render is not None:
        print(f"PDF of the family of 6 in-process (median): data {pdf_render[0]:.1f} ms, "
              f"render {pdf_render[1]:.1f} ms")
    print(f"bare Flask endpoint, 8 clients back to back: {bare_rps:.0f} requests/s")
    print(f"total time {time.monotonic() - started:.0f} s, "
          f"load average at the end {os.getloadavg()[0]:.1f}")
    print(f"BENCH p95_at_20rps_ms={worst:.0f} capacity_rps={capacity(big, args.limit_ms):.0f} "
          f"scale={scale:.2f} pdf_family_ms={pdf_ms:.0f} rss_mb={big.rss_mb:.0f} "
          f"errors={errors} bare_rps={bare_rps:.0f}", flush=True)
    return 0


def _save(args, big: SizeRun, small: SizeRun | None, bare_rps: float) -> None:
    """Every step's figures as JSON beside the databases, for comparing runs."""
    def steps(run: SizeRun):
        return [{"rate": s.rate, "seconds": s.seconds, "done_per_s": s.achieved,
                 "errors": s.recorder.errors, "unserved": s.recorder.unserved,
                 "server_cpu_ms_per_request": s.cpu_ms_per_request,
                 "messages": s.recorder.messages,
                 "pages": {p: {"count": st.count, "median_ms": st.median,
                               "p95_ms": st.percentile(0.95), "errors": st.errors}
                           for p, st in s.recorder.pages.items()}} for s in run.steps]

    backend = "postgresql" if args.database_url else "sqlite"
    out = {"when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "backend": backend,
           "bare_rps": bare_rps, "rss_mb": big.rss_mb,
           "sizes": {str(big.cases): steps(big)} | ({str(small.cases): steps(small)}
                                                     if small else {})}
    path = RESULTS / f"run-{backend}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(out, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
