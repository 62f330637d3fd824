"""One sweep over every page of every role, in English (the journeys run mostly in Danish).

Each demo account logs in (its second-factor page included) and follows every link of the
portal from its start page, one page per endpoint (and per step or tab name in the URL):
each page must answer, have one h1, pass axe at 1280 px (caseworker pages also at 375 px,
without sideways scrolling), get a screenshot and show no Danish interface text. At the
end every HTML page of the URL map must have been reached by some role.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from portal.extensions import db
from portal.models import Case, MeetingRequest, Municipality, Person, Request, User
from portal.workflow import Status
from tests.browser.conftest import (
    DESKTOP,
    assert_no_danish,
    check_a11y,
    check_caseworker_page,
    ensure_language,
    login,
)
from tests.newsletter_helpers import make_issue

pytestmark = pytest.mark.browser

#: The demo accounts, one per role, and whether their pages are also checked at 375 px.
ACCOUNTS = (("aarhus@demo.test", True), ("agency@demo.test", False),
            ("drc@demo.test", False), ("admin@demo.test", False))
#: Files, not pages: a URL ending in a file name (PDFs, CSV exports, the Atom feed, the
#: calendar event), uploaded documents and the health check. The sweep does not open them.
FILE_NAME = re.compile(r"/[^/]+\.[a-z]+$")
FILE_PREFIXES = ("/documents/attachments/", "/healthz")
#: Demo names, places and Danish terms that stay Danish on an English page.
PROPER_NAMES = frozenset({"sørensen", "københavn", "rådgiver", "birkerød", "århus"})
LINKS_JS = """
() => [...document.querySelectorAll('a[href]')]
  .filter(a => !a.hasAttribute('download') && !a.href.includes('#'))
  .map(a => a.href)
"""


def _matcher(app, base: str):
    adapter = app.url_map.bind(urlsplit(base).netloc)

    def match(url: str) -> tuple[str, dict] | None:
        parts = urlsplit(url)
        if (f"{parts.scheme}://{parts.netloc}" != base or FILE_NAME.search(parts.path)
                or parts.path.startswith(FILE_PREFIXES)):
            return None
        try:
            return adapter.match(parts.path, method="GET")
        except (NotFound, MethodNotAllowed, RequestRedirect):
            return None

    return match


def _key(endpoint: str, values: dict) -> str:
    """One page per endpoint, and per wizard step (each step is a page of its own)."""
    return "-".join([endpoint, *([values["step"]] if "step" in values else [])])


def _html_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and rule.endpoint != "static"
            and not FILE_NAME.search(rule.rule)
            and not rule.rule.startswith(FILE_PREFIXES)}


#: A seed that is a DRC look-up by reference (posted), not a page.
LOOK_UP = "look-up:"


def _seeds(app) -> dict[str, list[str]]:
    """Per account, the pages no link of the demo data leads to: a submitted request's
    confirmation, a draft newsletter issue and its preview, an open meeting request, and
    the case that DRC finds with its (posted) look-up."""
    issue = make_issue(app, number=4, year=2026, title="Nyt fra Hjemrejsestyrelsen 4")
    with app.app_context():
        aarhus = db.session.scalar(select(User).where(User.email == "aarhus@demo.test"))
        meeting = MeetingRequest(municipality_id=aarhus.municipality_id,
                                 requested_by_id=aarhus.id, topic="Family case")
        db.session.add(meeting)
        db.session.commit()
        submitted = db.session.scalar(select(Request.id).join(Case).join(Municipality).where(
            Request.status == Status.SUBMITTED, Municipality.code == "751").order_by(Request.id))
        family, reference = db.session.execute(select(Case.id, Case.reference).join(Person)
                                               .where(Person.full_name == "Yusuf Al-Khatib")).one()
        meeting_id = meeting.id
        db.session.remove()
    return {"aarhus@demo.test": [f"/municipality/requests/{submitted}/confirmation"],
            "agency@demo.test": [f"/newsletter/manage/{issue}",
                                 f"/newsletter/manage/{issue}/preview",
                                 f"/meetings/{meeting_id}/respond"],
            # DRC opens a case only after a look-up of the same session found it
            "drc@demo.test": [f"{LOOK_UP}{reference}", f"/drc/cases/{family}"]}


def _sweep_role(page, email: str, phone: bool, match, problems: list[str],
                seen_endpoints: set[str], seeds: list[str]) -> None:
    """Log in as `email` and follow every link from the start page (and the seeds)."""
    def totp_page(page):
        seen_endpoints.add("auth.login_totp")
        check_a11y(page, "sweep-login-totp")

    page.goto("/login")
    ensure_language(page, "en")
    seen_endpoints.add("auth.login")
    check_a11y(page, "sweep-login")
    assert_no_danish(page)
    login(page, email, on_totp_page=totp_page)
    ensure_language(page, "en")
    base = f"{urlsplit(page.url).scheme}://{urlsplit(page.url).netloc}"
    start = page.url
    for seed in seeds:
        if seed.startswith(LOOK_UP):
            page.goto("/drc/")
            page.fill("#reference", seed.removeprefix(LOOK_UP))
            with page.expect_navigation():
                page.locator("main form button[type=submit]").click()
    seeds = [seed for seed in seeds if not seed.startswith(LOOK_UP)]
    queue = deque([start, *(base + seed for seed in seeds)])
    done: set[str] = set()
    while queue:
        url = queue.popleft()
        found = match(url)
        if found is None:
            continue
        endpoint, values = found
        key = _key(endpoint, values)
        if key in done:
            continue
        done.add(key)
        response = page.goto(url)
        if response is None or response.status >= 400:
            problems.append(f"{email}: {url} answered {response and response.status}")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        seen_endpoints.add(endpoint)
        landed = match(page.url)
        if landed is not None:  # e.g. 'continue' redirects to the draft's step
            seen_endpoints.add(landed[0])
        if page.locator("h1").count() != 1:
            problems.append(f"{email}: {page.url} has {page.locator('h1').count()} h1")
        try:
            if phone:
                check_caseworker_page(page, f"sweep-{key}")
            else:
                check_a11y(page, f"sweep-{key}")
            assert_no_danish(page, PROPER_NAMES)
        except (AssertionError, pytest.fail.Exception) as problem:
            problems.append(f"{email}: {page.url}: {problem}")
        queue.extend(page.evaluate(LINKS_JS))


def test_every_page_of_every_role_in_english_is_accessible_and_translated(browser, live_server):
    app = live_server.app
    match = _matcher(app, live_server.url)
    problems: list[str] = []
    seen: set[str] = set()
    seeds = _seeds(app)
    for email, phone in ACCOUNTS:
        context = browser.new_context(locale="en-GB", viewport=DESKTOP,
                                      base_url=live_server.url)
        context.set_default_timeout(10_000)
        try:
            _sweep_role(context.new_page(), email, phone, match, problems, seen,
                        seeds.get(email, []))
        finally:
            context.close()
    missing = _html_endpoints(app) - seen
    if missing:
        problems.append(f"pages the sweep never reached: {sorted(missing)}")
    assert not problems, "\n".join(problems)
