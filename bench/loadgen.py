"""Open-loop load for `make bench`: journeys started on a schedule, whatever earlier ones take.

A closed loop (N users, each sending its next request as soon as the last one answers) never
sends more than the server answers: a slow server slows its own load down, and the queueing
shows as lower throughput and, by Little's law, as a latency of N / throughput. Here the
journeys arrive as a Poisson process at a fixed rate, as independent people clicking do.
Each journey is started at its scheduled time by a free client thread, and the latency of
its first request counts from that scheduled time, so time spent waiting for a client
thread or in the server's backlog is in the figures (no coordinated omission).

A journey is what one person does in one go: one page, or a form with what follows it
(GET the form, POST it, GET the page the redirect names), as a browser would. Its later
requests follow at once and are timed from their own start.

Only the standard library and urllib3 (through one connection pool, no cookie handling of
its own: every simulated user keeps its cookies here).
"""

from __future__ import annotations

import itertools
import math
import queue
import random
import re
import statistics
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import urllib3

from bench.common import csrf_token, totp_now

FORM_TYPE = "application/x-www-form-urlencoded"
REQUEST_TIMEOUT = urllib3.Timeout(connect=5.0, read=30.0)  # gunicorn's worker timeout is 30 s
SUBMIT_TOKEN_RE = re.compile(r'name="token"[^>]*value="([^"]+)"')
ADDRESS = "Al-Midan Street 12, Damascus"


# --------------------------------------------------------------------------- HTTP and users


class Http:
    """One keep-alive connection pool to the server under test (127.0.0.1 only)."""

    def __init__(self, base_url: str, connections: int):
        parts = urlsplit(base_url)
        if parts.hostname != "127.0.0.1":
            raise ValueError("the benchmark sends traffic to 127.0.0.1 only")
        self.pool = urllib3.HTTPConnectionPool(
            parts.hostname, parts.port, maxsize=connections, block=True,
            timeout=REQUEST_TIMEOUT, retries=False)
        self.resent = 0  # requests sent again on a fresh connection (see request)
        self.lock = threading.Lock()

    def request(self, method: str, path: str, **kwargs) -> urllib3.BaseHTTPResponse:
        """Send once; send again on a fresh connection when a kept-alive one turns out to be
        closed before any answer arrived, as browsers do. gunicorn closes a connection idle
        for `keepalive` seconds, and one closed between urllib3's check and the send fails
        with a ProtocolError (RemoteDisconnected or a reset). A time-out is not resent."""
        try:
            return self.pool.request(method, path, **kwargs)
        except urllib3.exceptions.ProtocolError:
            with self.lock:
                self.resent += 1
            return self.pool.request(method, path, **kwargs)

    def send(self, method: str, path: str, cookies: dict[str, str],
             fields: dict | list | None = None) -> urllib3.BaseHTTPResponse:
        headers = {"Accept-Language": "da"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = FORM_TYPE
        response = self.request(method, path, body=body, headers=headers,
                                redirect=False, preload_content=True)
        for header in response.headers.getlist("Set-Cookie"):
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if not morsel.value or morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    cookies.pop(name, None)
                else:
                    cookies[name] = morsel.value
        return response

    def close(self) -> None:
        self.pool.close()


@dataclass
class User:
    """A logged-in session: its cookies and a CSRF token for its forms."""

    email: str
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""
    busy: threading.Lock = field(default_factory=threading.Lock)  # see Journey.exclusive


class LoginError(RuntimeError):
    pass


def login(http: Http, email: str, password: str, landing: str, attempts: int = 3) -> User:
    """The real forms: GET /login, POST with its CSRF token, then the TOTP step if asked.

    A TOTP code is accepted once per account and 30-second step, so a refused code waits
    for the next step and tries again.
    """
    for attempt in range(attempts):
        user = User(email)
        page = http.send("GET", "/login", user.cookies)
        token = csrf_token(page.data.decode())
        response = http.send("POST", "/login", user.cookies,
                             {"email": email, "password": password, "csrf_token": token or ""})
        location = response.headers.get("Location", "")
        if response.status in (302, 303) and "/login/totp" in location:
            page = http.send("GET", "/login/totp", user.cookies)
            response = http.send("POST", "/login/totp", user.cookies, {
                "code": totp_now(), "csrf_token": csrf_token(page.data.decode()) or ""})
            location = response.headers.get("Location", "")
        if response.status in (302, 303) and "/login" not in location:
            page = http.send("GET", landing, user.cookies)
            user.csrf = csrf_token(page.data.decode()) or ""
            if page.status == 200:
                return user
        if attempt + 1 < attempts:
            time.sleep(30.5 - time.time() % 30)  # the next TOTP step
    raise LoginError(f"could not log in as {email}")


# --------------------------------------------------------------------------- forms


class _FormFields(HTMLParser):
    """The fields a browser would post from the page's form with the given action."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.inside = (a.get("method", "").lower() == "post"
                           and a.get("action", "") in ("", self.action))
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "reset"):
                self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._select_value, self._first_option = name, None, None
        elif tag == "option" and self._select is not None:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self._select_value = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            value = self._select_value if self._select_value is not None else self._first_option
            self.fields.append((self._select, value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None


def form_fields(html: str, action: str) -> list[tuple[str, str]]:
    parser = _FormFields(action)
    parser.feed(html)
    return parser.fields


# --------------------------------------------------------------------------- recording


@dataclass
class PageStats:
    times_ms: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def count(self) -> int:
        return len(self.times_ms) + self.errors

    def percentile(self, q: float) -> float:
        """Nearest rank; a failed request counts as slower than any answer."""
        if not self.count:
            return 0.0
        ordered = sorted(self.times_ms) + [math.inf] * self.errors
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)]

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms) if self.times_ms else 0.0


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pages: dict[str, PageStats] = {}
        self.messages: list[str] = []
        self.unserved = 0  # journeys still waiting for a client thread when the step ended
        self.skipped = 0  # journeys without data left (no submittable draft)

    def add(self, page: str, ms: float | None, error: str | None = None) -> None:
        with self.lock:
            stats = self.pages.setdefault(page, PageStats())
            if error is None:
                stats.times_ms.append(ms)
            else:
                stats.errors += 1
                if len(self.messages) < 10:
                    self.messages.append(f"{page}: {error}")

    @property
    def requests(self) -> int:
        return sum(s.count for s in self.pages.values())

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.pages.values())


class Visit:
    """One journey of one user: its requests are timed, checked and recorded."""

    def __init__(self, http: Http, user: User, recorder: Recorder, due: float):
        self.http, self.user, self.recorder = http, user, recorder
        self.cookies = dict(user.cookies)
        self.due: float | None = due  # the first request's latency counts from its schedule

    def call(self, method: str, path: str, page: str, fields=None, *,
             expect: int = 200, location: str | None = None):
        started, self.due = (self.due if self.due is not None else time.perf_counter()), None
        try:
            response = self.http.send(method, path, self.cookies, fields)
        except Exception as exc:  # a timeout or a reset is a failed request
            self.recorder.add(page, None, f"{method} {path}: {type(exc).__name__}")
            return None
        ms = (time.perf_counter() - started) * 1000
        where = response.headers.get("Location", "")
        if response.status != expect or (location is not None and location not in where):
            self.recorder.add(page, None, f"{method} {path} answered {response.status} {where}")
            return None
        self.recorder.add(page, ms)
        return response

    def get(self, path: str, page: str):
        return self.call("GET", path, page)

    def post(self, path: str, page: str, fields, *, location: str = ""):
        """POST a form; the answer must be a redirect (post/redirect/get), followed as a
        browser follows it."""
        response = self.call("POST", path, page, fields, expect=302, location=location)
        if response is None:
            return None
        return response.headers["Location"]

    def done(self) -> None:
        self.user.cookies.update(self.cookies)


# --------------------------------------------------------------------------- the mix


@dataclass
class Data:
    """Ids the journeys use, from the seed's metadata and the database."""

    open_request_ids: list[int]
    family_request_id: int
    drc_cases: list[tuple[int, str]]  # (case id, reference) of cases DRC may see
    filing_drafts: list[int]
    submit_drafts: deque
    _filing_turn: itertools.count = field(default_factory=itertools.count)

    def next_filing_draft(self) -> int:
        """Round robin, so two journeys never edit one draft at once (409 on a stale save)."""
        return self.filing_drafts[next(self._filing_turn) % len(self.filing_drafts)]


@dataclass(frozen=True)
class Journey:
    name: str
    weight: int
    users: str  # which pool of logged-in users
    requests: int  # HTTP requests it makes
    plan: Callable[[random.Random, Data], Callable[[Visit], None]]
    pages: tuple[str, ...]
    # The journey keeps state in its login session on the server (DRC's look-up remembers
    # what it found and opens only that): one person does one such thing at a time, so it
    # takes a session no other journey is using (waiting, counted, when all are busy).
    exclusive: bool = False


def _page(path_of: Callable[[random.Random, Data], str], page: str):
    def plan(rng, data):
        path = path_of(rng, data)
        return lambda visit: visit.get(path, page)
    return plan


def _filing(rng: random.Random, data: Data):
    """A caseworker opens a step of a draft, saves it unchanged but for the address abroad,
    and lands on the next step."""
    request_id = data.next_filing_draft()
    step = rng.choice(("travellers", "departure", "cash"))
    path = f"/municipality/requests/{request_id}/steps/{step}"

    def run(visit: Visit) -> None:
        response = visit.get(path, "step")
        if response is None:
            return
        fields = [(name, value or ADDRESS if name.endswith("_address") else value)
                  for name, value in form_fields(response.data.decode(), path)]
        target = visit.post(path, "step_save", fields, location=f"/requests/{request_id}/")
        if target:
            visit.get(target, "step")
    return run


def _submit(rng: random.Random, data: Data):
    """A caseworker checks the answers of a complete draft and submits it."""
    try:
        request_id = data.submit_drafts.popleft()
    except IndexError:
        return None

    def run(visit: Visit) -> None:
        path = f"/municipality/requests/{request_id}/check"
        response = visit.get(path, "check")
        if response is None:
            return
        html = response.data.decode()
        token = SUBMIT_TOKEN_RE.search(html)
        if token is None or csrf_token(html) is None:
            visit.recorder.add("submit", None, f"no submit form on {path}")
            return
        target = visit.post(f"/municipality/requests/{request_id}/submit", "submit",
                            {"csrf_token": csrf_token(html), "token": token.group(1)},
                            location="/confirmation")
        if target:
            visit.get(target, "confirmation")
    return run


def _drc_lookup(rng: random.Random, data: Data):
    """A DRC adviser looks a case up by its reference (posted, then shown by a GET) and opens
    it (DRC may open only a case its session has found)."""
    case_id, reference = rng.choice(data.drc_cases)

    def run(visit: Visit) -> None:
        target = visit.post("/drc/", "drc_lookup", {
            "csrf_token": visit.user.csrf, "reference": reference, "name": "",
            "birth_date": ""}, location="/drc/")
        if target and visit.get(target, "drc_results") is not None:
            visit.get(f"/drc/cases/{case_id}", "drc_case")
    return run


QUEUE_PATHS = ("/agency/?status=in_review", "/agency/?status=in_review", "/agency/")

MIX = (
    Journey("queue", 20, "agency", 1,
            _page(lambda rng, d: rng.choice(QUEUE_PATHS), "queue"), ("queue",)),
    Journey("request", 18, "agency", 1,
            _page(lambda rng, d: f"/agency/requests/{rng.choice(d.open_request_ids)}",
                  "request"), ("request",)),
    Journey("caselist", 12, "aarhus", 1,
            _page(lambda rng, d: "/municipality/", "caselist"), ("caselist",)),
    Journey("filing", 8, "kobenhavn", 3, _filing, ("step", "step_save")),
    Journey("submit", 3, "kobenhavn", 3, _submit, ("check", "submit", "confirmation")),
    Journey("pdf_family", 5, "aarhus", 1,
            _page(lambda rng, d: f"/documents/requests/{d.family_request_id}/"
                  "flexible-payment.pdf", "pdf_family"), ("pdf_family",)),
    Journey("drc_lookup", 5, "drc", 3, _drc_lookup, ("drc_lookup", "drc_results", "drc_case"),
            exclusive=True),
)
PAGES = tuple(dict.fromkeys(p for j in MIX for p in j.pages))


def requests_per_journey(mix=MIX) -> float:
    return sum(j.weight * j.requests for j in mix) / sum(j.weight for j in mix)


# --------------------------------------------------------------------------- one step


@dataclass
class StepResult:
    rate: float  # requests per second asked for
    seconds: float
    recorder: Recorder
    client_cpu_s: float = 0.0
    server_cpu_s: float | None = None

    @property
    def achieved(self) -> float:
        return self.recorder.requests / self.seconds if self.seconds else 0.0

    def p95(self, page: str) -> float:
        stats = self.recorder.pages.get(page)
        return stats.percentile(0.95) if stats else 0.0

    def worst(self) -> tuple[str, float]:
        if not self.recorder.pages:
            return "-", math.inf
        return max(((p, s.percentile(0.95)) for p, s in self.recorder.pages.items()),
                   key=lambda item: item[1])

    def passes(self, limit_ms: float) -> bool:
        return (self.worst()[1] <= limit_ms and self.recorder.errors == 0
                and self.recorder.unserved == 0)

    @property
    def cpu_ms_per_request(self) -> float | None:
        if self.server_cpu_s is None or not self.recorder.requests:
            return None
        return self.server_cpu_s / self.recorder.requests * 1000


def run_step(http: Http, users: dict[str, list[User]], data: Data, *, rate: float,
             seconds: float, rng: random.Random, threads: int = 48, drain: float = 20.0,
             mix=MIX) -> StepResult:
    """Start journeys as a Poisson process for `seconds` so that `rate` requests a second
    arrive, then wait (at most `drain` seconds) for those in flight."""
    recorder = Recorder()
    work: queue.SimpleQueue = queue.SimpleQueue()
    weights = list(itertools.accumulate(j.weight for j in mix))
    journey_rate = rate / requests_per_journey(mix)
    deadline = [math.inf]

    def worker() -> None:
        while (item := work.get()) is not None:
            due, user, run, pool = item
            if time.perf_counter() > deadline[0]:
                with recorder.lock:
                    recorder.unserved += 1
                continue
            if pool is not None:  # an exclusive journey: a free session, else wait for one
                user = next((u for u in pool if u.busy.acquire(blocking=False)), None)
                if user is None:
                    user = pool[0]
                    user.busy.acquire()
            try:
                visit = Visit(http, user, recorder, due)
                run(visit)
                visit.done()
            finally:
                if pool is not None:
                    user.busy.release()

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    cpu_before = time.process_time()
    for thread in pool:
        thread.start()
    start = time.perf_counter()
    end = start + seconds
    due = start
    while True:
        due += rng.expovariate(journey_rate)
        if due >= end:
            break
        journey = rng.choices(mix, cum_weights=weights)[0]
        run = journey.plan(rng, data)
        user = rng.choice(users[journey.users])
        if run is None:
            recorder.skipped += 1
            continue
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        work.put((due, user, run, users[journey.users] if journey.exclusive else None))
    deadline[0] = end + drain
    for _ in pool:
        work.put(None)
    for thread in pool:
        thread.join(timeout=max(0.0, deadline[0] - time.perf_counter())
                    + REQUEST_TIMEOUT.read_timeout + 5)
    return StepResult(rate, seconds, recorder, time.process_time() - cpu_before)


def closed_loop_rate(http: Http, path: str, *, seconds: float, threads: int = 8) -> tuple[
        float, int]:
    """Requests a second from `threads` clients sending back to back: only for the bare
    endpoint's ceiling (information; the Python client on the same cores bounds it)."""
    counts = [0] * threads
    errors = [0] * threads
    end = time.perf_counter() + seconds

    def client(n: int) -> None:
        while time.perf_counter() < end:
            try:
                ok = http.send("GET", path, {}).status == 200
            except Exception:
                ok = False
            counts[n] += ok
            errors[n] += not ok

    pool = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=seconds + 40)
    return sum(counts) / (time.perf_counter() - started), sum(errors)
