"""Browser fixtures: a live portal on a free port, Debian's Chromium through Playwright,
axe-core checks with screenshots, and helpers to log in and switch the language.

Each journey runs in one language: Danish, or the one its `@pytest.mark.lang("en")` names.
test_sweep.py visits every page of every role in English. axe results are kept per page
(its path with the ids taken out and the structure of its DOM), language and width, so a
page rendered the same way is checked once per session.

The server runs in a thread around `create_app` with CSRF on and the demo data loaded.
Each test module gets a fresh database: on SQLite a copy of one migrated template file,
on PostgreSQL (TEST_DATABASE_URL) a fresh schema migrated for that module.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import socket
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from portal import create_app
from portal.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from portal.extensions import db
from tests.conftest import CHEAP_ARGON2
from tests.factories import unused_code

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}

#: Pages checked by axe in this run, by language and width; and violations seen.
AXE_STATS: Counter = Counter()
_SHOTS_TAKEN: set[Path] = set()
#: Pages already checked by axe without a violation: (path pattern, language, width, DOM).
_AXE_PASSED: set[tuple[str, str, int, str]] = set()

DEMO_ACCOUNTS = {
    "aarhus@demo.test": "municipality",
    "kobenhavn@demo.test": "municipality",
    "agency@demo.test": "agency",
    "drc@demo.test": "drc",
    "admin@demo.test": "admin",
}


# --------------------------------------------------------------------------- the browser

def _require_chromium() -> None:
    """A missing browser is an error, never a skip: CI must not pass without it."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: the browser tests need Debian's chromium. "
            "Run 'sudo apt-get install -y chromium' (or 'bash scripts/ensure-chromium.sh') "
            "and run the tests again.",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def lang(request) -> str:
    """The journey's language: Danish unless the test is marked `@pytest.mark.lang("en")`."""
    marker = request.node.get_closest_marker("lang")
    return marker.args[0] if marker else "da"


@pytest.fixture
def page(browser, lang, live_server):
    """A fresh browser context (no cookies) per test, with the test's locale."""
    context = browser.new_context(
        locale="da-DK" if lang == "da" else "en-GB",
        viewport=DESKTOP,
        base_url=live_server.url,
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


# --------------------------------------------------------------------------- the server

def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _config(url: str, instance: Path) -> dict:
    return {
        "ENV_MODE": "testing",
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "INSTANCE_PATH": str(instance),
        "WTF_CSRF_ENABLED": True,
        "MAIL_BACKEND": "null",
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
        **CHEAP_ARGON2,  # the demo accounts' hashes and every login in the browser
    }


def _migrate_and_load_demo(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        db.session.remove()
    result = app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code == 0, f"load-demo failed: {result.output}\n{result.exception!r}"


def _pg_schema_url(base: str, schema: str) -> str:
    engine = create_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory):
    """One migrated SQLite file with the demo data; every module starts from a copy."""
    if os.environ.get("TEST_DATABASE_URL"):
        return None
    folder = tmp_path_factory.mktemp("browser-template")
    path = folder / "template.sqlite3"
    app = create_app(_config(f"sqlite:///{path}", folder))
    _migrate_and_load_demo(app)
    with app.app_context():
        db.engine.dispose()
    return path


#: The app behind each running live server, by its base URL (for the TOTP helper).
_APPS: dict[str, object] = {}


@dataclass
class LiveServer:
    url: str
    app: object


@pytest.fixture(scope="module")
def live_server(request, tmp_path_factory, _sqlite_template):
    folder = tmp_path_factory.mktemp("browser-instance")
    base = os.environ.get("TEST_DATABASE_URL")
    schema = None
    if base:
        module = re.sub(r"\W", "_", request.module.__name__.rsplit(".", 1)[-1])[:30]
        schema = f"b_{module}_{_worker()}"
        app = create_app(_config(_pg_schema_url(base, schema), folder))
        _migrate_and_load_demo(app)
    else:
        path = folder / "portal.sqlite3"
        shutil.copyfile(_sqlite_template, path)
        app = create_app(_config(f"sqlite:///{path}", folder))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    _APPS[url] = app
    yield LiveServer(url=url, app=app)
    del _APPS[url]
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if schema:
        engine = create_engine(base)
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


# --------------------------------------------------------------------------- helpers

def path(page) -> str:
    """The path of the page's URL without a trailing slash (and without any #fragment)."""
    return urlsplit(page.url).path.rstrip("/") or "/"


def page_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def switch_language(page) -> str:
    """Press the language button in the header; returns the new language."""
    before = page_lang(page)
    with page.expect_navigation():
        page.locator("form.language-switch button").click()
    after = page_lang(page)
    assert after != before, f"the language switch left the page in {before!r}"
    return after


def ensure_language(page, lang: str) -> None:
    """Users keep their saved language, so a test switches when the page is not in `lang`."""
    if page_lang(page) != lang:
        switch_language(page)
    assert page_lang(page) == lang


def translated(app, lang: str, message: str, **params) -> str:
    """The portal's text `message` in `lang`, from its catalogs: a journey asserts on the
    same text in whichever language it runs."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale(lang):
        return gettext(message, **params)


def login(page, email: str, password: str = DEMO_PASSWORD, *, on_totp_page=None) -> None:
    """Log in through the form; gives the TOTP code when the portal asks for one
    (calling `on_totp_page(page)` first, when given)."""
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    if "/login/totp" in page.url:
        if on_totp_page is not None:
            on_totp_page(page)
        parts = urlsplit(page.url)
        app = _APPS[f"{parts.scheme}://{parts.netloc}"]
        # The portal refuses a code used before, so take the next one when needed.
        page.fill("input[name=code]", unused_code(app, email, DEMO_TOTP_SECRET))
        with page.expect_navigation():
            page.locator("main button[type=submit]").click()
    assert "/login" not in page.url, f"login as {email} failed, still on {page.url}"


def logout(page) -> None:
    with page.expect_navigation():
        page.locator("header form[action$='/logout'] button").click()


#: The page's structure for the axe memo: every element of the body with its attributes
#: and whether it has text of its own (the words themselves may differ: other names, dates).
_STRUCTURE_JS = """
() => [...document.body.querySelectorAll('*')].map(el => [
    el.tagName, ...[...el.attributes].filter(a => !/^(value|href|action|src|formaction)$/
      .test(a.name)).map(a => a.name + '=' + a.value.replace(/\\d+/g, '#')),
    [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) ? 'T' : ''
  ].join(' ')).join('\\n')
"""


def _memo_key(page, lang: str, width: int) -> tuple[str, str, int, str]:
    pattern = re.sub(r"/\d+(?=/|$)", "/<id>", path(page))
    structure = hashlib.sha256(page.evaluate(_STRUCTURE_JS).encode()).hexdigest()
    return pattern, lang, width, structure


def check_a11y(page, name: str) -> None:
    """axe-core with the WCAG 2.1 A/AA rules; any violation fails the test with a list.

    Also saves a screenshot to screenshots/<name>-<lang>-<width>.png and counts the page.
    A page that passed before in this session (same path pattern, language, width and
    DOM structure) is not checked again.
    """
    from axe_playwright_python.sync_playwright import Axe

    lang = page_lang(page) or "none"
    width = page.viewport_size["width"]
    shot = SCREENSHOTS / f"{name}-{lang}-{width}.png"
    if shot not in _SHOTS_TAKEN:  # one screenshot per page, language and width per run
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        _SHOTS_TAKEN.add(shot)
    key = _memo_key(page, lang, width)
    if key in _AXE_PASSED:
        AXE_STATS["memoised"] += 1
        return
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                       "resultTypes": ["violations"]})
    violations = results.response["violations"]
    AXE_STATS["pages"] += 1
    AXE_STATS[f"pages {lang} {width}px"] += 1
    AXE_STATS["violations"] += len(violations)
    if not violations:
        _AXE_PASSED.add(key)
    if violations:
        lines = [f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on {name} "
                 f"({page.url}, {lang}, {width}px):"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:8]:
                lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
                summary = (node.get("failureSummary") or "").replace("\n", " ")
                if summary:
                    lines.append(f"      {summary[:300]}")
        pytest.fail("\n".join(lines), pytrace=False)


def wait_for_summary_focus(page) -> None:
    """The error summary takes the focus (document.activeElement is the summary)."""
    page.wait_for_function(
        "() => document.activeElement"
        " && document.activeElement.classList.contains('error-summary')",
        timeout=3000)
    page.wait_for_load_state("load")
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')"), \
        "the error summary lost the focus once the page had loaded"


def no_horizontal_scroll(page) -> None:
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways at {width}px (scrollWidth {scroll})"


def check_caseworker_page(page, name: str) -> None:
    """Caseworker pages are checked at 1280 px and at 375 px (no sideways scrolling)."""
    check_a11y(page, name)
    page.set_viewport_size(PHONE)
    try:
        no_horizontal_scroll(page)
        check_a11y(page, name)
    finally:
        page.set_viewport_size(DESKTOP)


# Frequent Danish words that are not English words: if one is visible on an English page,
# a string was left untranslated.
_DANISH_WORDS_TEXT = """
og ikke af med har skal kun eller hvis når der det som fra efter før ved
jeres vores dit dine mit du jeg denne dette disse også eller
adgangskode ind ud sager sagen kommune kommunen styrelsen bruger brugere
opret tilbage fejl siden findes adgang kontakt nyhedsbrev
tilgængelighed tilgængelighedserklæring hjælp ændr skift sprog
"""
DANISH_WORDS = frozenset(_DANISH_WORDS_TEXT.split())

#: Content written by users in Danish only (not interface text): the newsletter issues.
#: NOTE for the newsletter templates: this text should carry lang="da" (WCAG 3.1.2).
USER_CONTENT = (".newsletter-panel strong", ".newsletter-panel p:nth-of-type(2)",
                ".newsletter-archive h2", ".newsletter-archive li > p:not(.hint)")

#: Danish proper names that stay Danish in English text (the newsletter's name).
PROPER_PHRASES = ("Nyt fra Hjemrejsestyrelsen",)

_VISIBLE_TEXT_JS = """
(userContent) => {
  const excluded = ['[lang="da"]', '[translate="no"]', 'select', 'textarea', 'script', 'style',
                    'noscript']
    .concat(userContent).join(', ');
  const skip = el => el.closest(excluded);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || skip(el) || !node.textContent.trim()) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (!el.getClientRects().length) continue;
    parts.push(node.textContent);
  }
  return parts.join(' ');
}
"""


def visible_text(page) -> str:
    return page.evaluate(_VISIBLE_TEXT_JS, list(USER_CONTENT))


def assert_no_danish(page, allowed: set[str] | frozenset = frozenset()) -> None:
    """After switching to English no Danish is left: no Danish words, no æ/ø/å outside
    elements marked lang="da" or translate="no" (names, addresses) and `allowed` names."""
    assert page_lang(page) == "en"
    text = visible_text(page)
    for phrase in PROPER_PHRASES:
        text = text.replace(phrase, " ")
    words = re.findall(r"[\wæøåÆØÅ]+", text)
    found = sorted({w for w in words
                    if w.lower() not in allowed
                    and (w.lower() in DANISH_WORDS or re.search(r"[æøåÆØÅ]", w))})
    assert not found, f"Danish left on the English page {page.url}: {found}"


def focused_element(page) -> dict:
    """What has the keyboard focus, and whether it shows a visible focus indicator."""
    return page.evaluate("""
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: 'body', visible: false, indicator: false};
  const rect = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '',
    cls: el.className || '', form: (el.form && el.form.className) || '',
    href: el.getAttribute('href') || '',
    text: (el.innerText || el.value || '').trim().slice(0, 60),
    visible: rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden'
             && rect.bottom > 0 && rect.right > 0
             && rect.top < window.innerHeight && rect.left < window.innerWidth,
    focusVisible: el.matches(':focus-visible'),
    indicator: outline || shadow,
  };
}
""")


def tab(page, key: str = "Tab") -> dict:
    """Press Tab (or Shift+Tab) and assert the focus lands somewhere visible and shows it."""
    page.keyboard.press(key)
    info = focused_element(page)
    assert info["tag"] != "body", f"{key} left the focus nowhere on {page.url}"
    assert info["visible"], f"the focused element is not visible: {info}"
    assert info["focusVisible"], f"the focus is not marked :focus-visible: {info}"
    assert info["indicator"], f"no visible focus indicator (outline or box-shadow): {info}"
    return info


def tab_to(page, predicate, key: str = "Tab", limit: int = 40) -> dict:
    """Tab until `predicate(info)` is true, checking the focus indicator at every stop."""
    seen = []
    for _ in range(limit):
        info = tab(page, key)
        if predicate(info):
            return info
        seen.append(f"{info['tag']}#{info['id']}[{info['name']}] {info['text']}")
    raise AssertionError(f"never reached the wanted element with {key}; stops: {seen}")


def pytest_terminal_summary(terminalreporter):
    if not AXE_STATS["pages"]:
        return
    detail = ", ".join(f"{key.removeprefix('pages ')}: {value}"
                       for key, value in sorted(AXE_STATS.items())
                       if key.startswith("pages "))
    terminalreporter.write_sep("-", "accessibility")
    terminalreporter.write_line(
        f"axe: {AXE_STATS['pages']} pages checked, {AXE_STATS['violations']} violations"
        f" ({detail}); {AXE_STATS['memoised']} repeats of a page already checked")
