"""Load scenarios for `make bench`: logged-in users on the portal, and the bare ceiling.

bench/run.py starts locust once per scenario, naming one user class:

    locust -f bench/locustfile.py --headless -u 16 -r 16 -t 30s --host http://127.0.0.1:PORT \
        --csv bench/results/queue QueueUser

Each simulated user logs in through the real forms (GET /login, CSRF token, POST, the TOTP
step with the demo secret when the portal asks for it), then repeats one request without
think time. When every user has logged in, the statistics are reset, so the figures are
those of the page alone; failures during the logins are kept and reported separately
(written as JSON to $BENCH_LOCUST_META).

Environment: BENCH_SEED_META (the seed's JSON with ids), BENCH_USERS (users expected, for the
reset), BENCH_DURATION (seconds measured after the reset), BENCH_THINK (seconds between a
user's requests, default 0), BENCH_ACCOUNT_OFFSET (first bench agency account of this
scenario), BENCH_LOCUST_META.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import gevent
from locust import events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import CASEWORKER, PASSWORD, csrf_token, totp_now

FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}
LOGIN_ATTEMPTS = 3
# Seconds each user waits between requests: 0 (the default) measures capacity in a closed
# loop; a human pace (e.g. 1) measures the latency a user sees at that load.
THINK_TIME = float(os.environ.get("BENCH_THINK", "0") or 0)

# Pages under test (the bench measures what these URLs answer).
QUEUE_URL = "/agency/?status=in_review"
REQUEST_URL = "/agency/requests/{id}"
CASE_LIST_URL = "/municipality/"
PDF_URL = "/documents/requests/{id}/flexible-payment.pdf"
SUBMITTER = "kobenhavn@demo.test"
SUBMIT_TOKEN_RE = re.compile(r'name="token"[^>]*value="([^"]+)"')


def _seed() -> dict:
    path = os.environ.get("BENCH_SEED_META")
    if not path or not Path(path).exists():
        return {}
    return json.loads(Path(path).read_text(encoding="utf-8"))


SEED = _seed()
_account_numbers = itertools.count(int(os.environ.get("BENCH_ACCOUNT_OFFSET", "1")))
_warm = {"done": 0, "failures": 0, "requests": 0}
_ready_drafts = iter(SEED.get("ready_draft_ids") or [])


def _agency_account() -> str:
    return f"agency-{next(_account_numbers):02d}@bench.test"


class PortalUser(FastHttpUser):
    """A logged-in user of the portal; subclasses say which account and which page."""

    abstract = True
    wait_time = staticmethod(lambda: THINK_TIME)

    def account(self) -> str:
        return _agency_account()

    def on_start(self) -> None:
        email = self.account()
        try:
            for attempt in range(LOGIN_ATTEMPTS):
                if self._login(email):
                    return
                time.sleep(min(2.0 * (attempt + 1), 5.0))
            raise StopUser
        finally:
            _login_finished(self.environment)

    def page(self, url: str, name: str) -> None:
        """GET a page; anything but 200 (a redirect to the login, a 404) is a failure."""
        with self.client.get(url, name=name, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{url} answered {response.status_code}")

    def post_form(self, page: str, url: str, data: dict, *, name: str, **kwargs):
        """GET the page, take its CSRF token and POST the form like a browser."""
        with self.client.get(page, name=f"{name} (form)", catch_response=True) as response:
            token = csrf_token(response.text)
            if token is None:
                response.failure(f"no CSRF token on {page}")
                return None
        body = urlencode({**data, "csrf_token": token})
        return self.client.post(url, data=body, headers=FORM_HEADERS, name=name, **kwargs)

    def _login(self, email: str) -> bool:
        response = self.post_form("/login", "/login", {"email": email, "password": PASSWORD},
                                  name="login", allow_redirects=False)
        if response is None:
            return False
        location = response.headers.get("Location", "") or ""
        if response.status_code not in (302, 303):
            return False
        if "/login/totp" in location:
            code = totp_now()
            response = self.post_form("/login/totp", "/login/totp", {"code": code},
                                      name="login totp", allow_redirects=False)
            if response is None or response.status_code not in (302, 303):
                return False
            location = response.headers.get("Location", "") or ""
        return "/login" not in location


def _login_finished(environment) -> None:
    """After the last login, keep the warm-up failures and reset the statistics."""
    _warm["done"] += 1
    if _warm["done"] == int(os.environ.get("BENCH_USERS", "16")):
        stats = environment.runner.stats
        _warm["failures"] = stats.total.num_failures
        _warm["requests"] = stats.total.num_requests
        stats.reset_all()
        # The measured window starts now and lasts BENCH_DURATION seconds; the -t that
        # run.py gives locust is only the outer bound (logins take a while under argon2).
        duration = float(os.environ.get("BENCH_DURATION", "0") or 0)
        if duration > 0:
            gevent.spawn_later(duration, environment.runner.quit)


@events.quitting.add_listener
def _write_meta(environment, **_kwargs) -> None:
    path = os.environ.get("BENCH_LOCUST_META")
    if path:
        Path(path).write_text(json.dumps({"warmup_failures": _warm["failures"],
                                          "warmup_requests": _warm["requests"],
                                          "logged_in": _warm["done"]}), encoding="utf-8")


def _pick(key: str) -> int:
    ids = SEED.get(key) or [1]
    return random.choice(ids)


class QueueUser(PortalUser):
    """Agency staff paging the national queue, filtered, 50 rows."""

    @task
    def queue(self) -> None:
        self.page(QUEUE_URL, "queue")


class RequestUser(PortalUser):
    """Agency staff opening a request with its timeline."""

    @task
    def request_page(self) -> None:
        self.page(REQUEST_URL.format(id=_pick("open_request_ids")), "request")


class CaseListUser(PortalUser):
    """A caseworker in Aarhus looking at the municipality's cases."""

    def account(self) -> str:
        return CASEWORKER

    @task
    def case_list(self) -> None:
        self.page(CASE_LIST_URL, "caselist")


class SubmitUser(PortalUser):
    """A caseworker in København submitting a complete draft through the real last step of
    the filing flow: GET the check-your-answers page (CSRF and one-time token), POST submit.
    Each draft is submitted once; bench/run.py makes them drafts again before the run."""

    def account(self) -> str:
        return SUBMITTER

    @task
    def submit(self) -> None:
        request_id = next(_ready_drafts, None)
        if request_id is None:
            raise StopUser  # every prepared draft has been submitted
        check = f"/municipality/requests/{request_id}/check"
        with self.client.get(check, name="submit (check page)",
                             catch_response=True) as response:
            html = response.text or ""
            token, form_token = csrf_token(html), SUBMIT_TOKEN_RE.search(html)
            if token is None or form_token is None:
                response.failure(f"no form on {check}")
                return
        body = urlencode({"csrf_token": token, "token": form_token.group(1)})
        with self.client.post(f"/municipality/requests/{request_id}/submit", data=body,
                              headers=FORM_HEADERS, name="submit", allow_redirects=False,
                              catch_response=True) as response:
            if "/confirmation" not in (response.headers.get("Location") or ""):
                response.failure(f"request {request_id} was not submitted")


class PdfUser(PortalUser):
    """The flexible-payment request of a family of 6 as PDF."""

    def account(self) -> str:
        return CASEWORKER

    @task
    def pdf(self) -> None:
        self.page(PDF_URL.format(id=SEED.get("family_request_id", 1)), "pdf_family")


class BareUser(FastHttpUser):
    """The ceiling: the bare Flask app's constant endpoint, no login."""

    wait_time = staticmethod(lambda: THINK_TIME)

    def on_start(self) -> None:
        _login_finished(self.environment)

    @task
    def bare(self) -> None:
        self.client.get("/", name="bare")
