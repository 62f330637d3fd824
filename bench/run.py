"""`make bench`: seed, serve under gunicorn, load with locust, print the table and BENCH line.

    python bench/run.py                       # SQLite files under bench/results/
    python bench/run.py --reuse --time 20s    # keep earlier seeds, shorter scenarios
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test python bench/run.py

What it does, in order (every step bounded in time):
1. seeds 100,000 cases (and 10,000 for the scale figure) unless --reuse finds them;
2. serves the bare Flask app (bench/bare_app.py) under gunicorn with gunicorn.conf.py and
   drives it with locust: the ceiling;
3. serves the portal with the same gunicorn.conf.py on the 100,000-case database and runs
   each scenario (queue, request page, case list, submission, PDF of a family of 6) for the
   same fixed time with the same number of users, then reads the largest worker's RSS;
4. serves the 10,000-case database and runs the queue scenario again (scale figure);
5. renders the family's PDF in-process to separate render time from HTTP time;
6. prints a table and, as the very last line, the BENCH line.

The portal runs as in production (PORTAL_ENV=production, a random SECRET_KEY) with three
deliberate differences, all because this is a load test on loopback: RATELIMIT_ENABLED=false
(every simulated user comes from 127.0.0.1, so the per-IP login limit would stop the test,
not protect anything), MAIL_BACKEND=null (no SMTP server) and SESSION_COOKIE_SECURE=false
(plain http on 127.0.0.1, so a Secure cookie would never be sent back).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import seed as seeding  # noqa: E402

BIN = Path(sys.executable).parent
STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0
LOGIN_GRACE = 90  # seconds the 16 logins may take before the measured window starts


@dataclass(frozen=True)
class Scenario:
    key: str  # row name in the locust statistics
    user_class: str
    label: str
    account_offset: int = 1  # first bench agency account (TOTP codes work once per account)


SCENARIOS = (
    Scenario("queue", "QueueUser", "agency queue, filtered, 50 rows", 1),
    Scenario("request", "RequestUser", "request page with timeline", 17),
    Scenario("caselist", "CaseListUser", "caseworker's case list"),
    Scenario("submit", "SubmitUser", "submission (POST)", 33),
    Scenario("pdf_family", "PdfUser", "PDF, family of 6"),
)
BARE = Scenario("bare", "BareUser", "bare Flask (ceiling)")
SCALE = Scenario("queue", "QueueUser", "agency queue at the small size", 49)


@dataclass
class Result:
    scenario: str
    label: str
    cases: int
    requests: int = 0
    failures: int = 0
    rps: float = 0.0
    median_ms: float = 0.0
    p95_ms: float = 0.0
    warmup_failures: int = 0
    other_failures: int = 0
    rows: list[dict] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return self.failures + self.warmup_failures + self.other_failures


# --------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with the repository's gunicorn.conf.py, on a free loopback port."""

    def __init__(self, app: str, env: dict[str, str], log: Path, pythonpath: Path | None = None):
        self.port = free_port()
        self.log = log
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

    def largest_worker_rss_mb(self) -> float:
        import psutil

        try:
            workers = psutil.Process(self.process.pid).children()
        except psutil.NoSuchProcess:
            return 0.0
        sizes = []
        for worker in workers:
            try:
                sizes.append(worker.memory_info().rss)
            except psutil.NoSuchProcess:
                continue
        return max(sizes, default=0) / 1024 / 1024

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT)
        self.log_file.close()


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


def run_locust(scenario: Scenario, host: str, *, users: int, duration: str, tag: str,
               seed_meta: Path | None, cases: int, think: float = 0.0) -> Result:
    prefix = RESULTS / f"{tag}-{scenario.key}"
    meta = RESULTS / f"{tag}-{scenario.key}-meta.json"
    meta.unlink(missing_ok=True)
    env = {**os.environ, "BENCH_USERS": str(users), "BENCH_DURATION": str(_seconds(duration)),
           "BENCH_ACCOUNT_OFFSET": str(scenario.account_offset),
           "BENCH_LOCUST_META": str(meta), "BENCH_THINK": str(think)}
    if seed_meta:
        env["BENCH_SEED_META"] = str(seed_meta)
    cmd = [str(BIN / "locust"), "-f", str(BENCH / "locustfile.py"), "--headless",
           "-u", str(users), "-r", str(users), "-t", f"{_seconds(duration) + LOGIN_GRACE}s",
           "--host", host,
           "--csv", str(prefix), "--only-summary", "--stop-timeout", "5",
           "--loglevel", "WARNING", scenario.user_class]
    limit = _seconds(duration) + LOGIN_GRACE + 60
    with (RESULTS / f"{tag}-{scenario.key}-locust.log").open("w", encoding="utf-8") as log:
        subprocess.run(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                       timeout=limit, check=False)
    result = Result(scenario.key, scenario.label, cases)
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        result.other_failures = 1
        return result
    with stats_file.open(encoding="utf-8") as fh:
        result.rows = [row for row in csv.DictReader(fh) if row["Name"] != "Aggregated"]
    for row in result.rows:
        if row["Name"] == scenario.key:
            result.requests = int(row["Request Count"])
            result.failures = int(row["Failure Count"])
            result.rps = float(row["Requests/s"])
            result.median_ms = _number(row["50%"])
            result.p95_ms = _number(row["95%"])
        else:
            result.other_failures += int(row["Failure Count"])
    if meta.exists():
        result.warmup_failures = json.loads(meta.read_text())["warmup_failures"]
    if result.requests == 0:
        result.other_failures += 1  # the page was never reached: count it, never hide it
    return result


def _number(text: str) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return 0.0  # locust writes N/A for a row without requests


def _seconds(duration: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600}
    if duration[-1] in units:
        return int(float(duration[:-1]) * units[duration[-1]])
    return int(duration)


# --------------------------------------------------------------------------- steps


def ensure_seed(cases: int, base_url: str | None, reuse: bool) -> seeding.Seeded:
    if reuse and (found := seeding.existing(base_url, cases)):
        seeding.upgrade_schema(base_url, cases)
        print(f"reusing {found.line()}", flush=True)
        return found
    return seeding.seed(cases, base_url)


def serve_portal(cases: int, base_url: str | None, tag: str) -> Server:
    url = seeding.app_database_url(base_url, cases)
    server = Server("wsgi:app", portal_env(url), RESULTS / f"{tag}-gunicorn.log")
    server.wait_ready()
    return server


def pdf_render_ms(cases: int, base_url: str | None, seeded: seeding.Seeded,
                  repeat: int = 15) -> tuple[float, float] | None:
    """Median in-process times for the family's PDF: (load the data, render the bytes).

    No HTTP, no login: what is left of pdf_family_ms after this is the web stack's share.
    """
    from portal import create_app
    from portal.extensions import db
    from portal.models import Request

    try:
        from portal import pdf
        from portal.services import documents
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


def table(results: list[Result], bare: Result, rss_mb: float,
          pdf_render: tuple[float, float] | None) -> str:
    lines = [f"{'scenario':<38}{'cases':>8}{'reqs':>8}{'rps':>9}{'median':>9}{'p95':>8}"
             f"{'fails':>7}"]
    for r in [bare, *results]:
        lines.append(f"{r.label:<38}{r.cases:>8}{r.requests:>8}{r.rps:>9.1f}"
                     f"{r.median_ms:>7.0f}ms{r.p95_ms:>6.0f}ms{r.errors:>7}")
    lines.append(f"largest gunicorn worker after the run: {rss_mb:.0f} MB RSS")
    if pdf_render is not None:
        lines.append(f"PDF of the family of 6 in-process (median): data {pdf_render[0]:.1f} ms, "
                     f"render {pdf_render[1]:.1f} ms")
    return "\n".join(lines)


def bench_line(results: dict[str, Result], bare: Result, scale: Result | None,
               rss_mb: float, errors: int) -> str:
    def get(key, attr):
        r = results.get(key)
        return getattr(r, attr) if r else 0.0

    queue_rps = get("queue", "rps")
    ratio = queue_rps / bare.rps if bare.rps else 0.0
    scale_value = (get("queue", "median_ms") / scale.median_ms
                   if scale and scale.median_ms else 0.0)
    return (f"BENCH queue_rps={queue_rps:.1f} bare_rps={bare.rps:.1f} ratio={ratio:.2f} "
            f"queue_p95_ms={get('queue', 'p95_ms'):.0f} "
            f"request_p95_ms={get('request', 'p95_ms'):.0f} "
            f"submit_rps={get('submit', 'rps'):.1f} "
            f"pdf_family_ms={get('pdf_family', 'median_ms'):.0f} scale={scale_value:.2f} "
            f"rss_mb={rss_mb:.0f} errors={errors}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=seeding.DEFAULT_CASES)
    parser.add_argument("--scale-cases", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--time", default="30s", help="per scenario, locust syntax (30s, 1m)")
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds between a user's requests (default 0: closed loop)")
    parser.add_argument("--reuse", action="store_true", help="reuse seeded databases if present")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL") or None)
    parser.add_argument("--only", nargs="*", default=None,
                        help="run only these scenarios: " + " ".join(s.key for s in SCENARIOS))
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    backend = "postgresql" if args.database_url else "sqlite"
    print(f"bench on {backend}: {args.users} users, {args.time} per scenario, "
          f"think time {args.think:g} s, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)

    big = ensure_seed(args.cases, args.database_url, args.reuse)
    small = ensure_seed(args.scale_cases, args.database_url, args.reuse)
    common = {"users": args.users, "duration": args.time, "think": args.think}

    bare_server = Server("bare_app:app", {}, RESULTS / "bare-gunicorn.log", pythonpath=BENCH)
    try:
        bare_server.wait_ready()
        bare = run_locust(BARE, bare_server.url, tag="bare", seed_meta=None, cases=0, **common)
    finally:
        bare_server.stop()

    results: dict[str, Result] = {}
    chosen = [s for s in SCENARIOS if args.only is None or s.key in args.only]
    server = serve_portal(args.cases, args.database_url, f"{backend}-{args.cases}")
    try:
        for scenario in chosen:
            if scenario.key == "submit":
                seeding.reset_ready_drafts(big, args.database_url)
            results[scenario.key] = run_locust(
                scenario, server.url, tag=f"{backend}-{args.cases}",
                seed_meta=seeding.meta_path(args.database_url, args.cases),
                cases=args.cases, **common)
            print(f"  {scenario.key}: {results[scenario.key].rps:.1f} rps", flush=True)
        rss_mb = server.largest_worker_rss_mb()
    finally:
        server.stop()

    scale = None
    if "queue" in results:
        server = serve_portal(args.scale_cases, args.database_url,
                              f"{backend}-{args.scale_cases}")
        try:
            scale = run_locust(SCALE, server.url, tag=f"{backend}-{args.scale_cases}",
                               seed_meta=seeding.meta_path(args.database_url, args.scale_cases),
                               cases=args.scale_cases, **common)
        finally:
            server.stop()

    pdf_render = pdf_render_ms(args.cases, args.database_url, big)
    del small
    rows = list(results.values()) + ([scale] if scale else [])
    errors = bare.errors + sum(r.errors for r in rows)
    print()
    print(table(rows, bare, rss_mb, pdf_render))
    print(f"total time {time.monotonic() - started:.0f} s, "
          f"load average at the end {os.getloadavg()[0]:.1f}")
    print(bench_line(results, bare, scale, rss_mb, errors), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
