"""The browser tests need Debian's Chromium; without it they fail loudly, never skip."""

from __future__ import annotations

import pytest

from tests.browser import conftest

pytestmark = pytest.mark.browser


def test_debian_chromium_is_installed_where_the_tests_launch_it():
    conftest._require_chromium()


def test_a_missing_chromium_fails_the_run_with_a_clear_message(monkeypatch):
    monkeypatch.setattr(conftest, "CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(pytest.fail.Exception, match=r"Chromium is missing.*apt-get install"):
        conftest._require_chromium()


def test_the_live_server_serves_the_portal_with_csrf_on(live_server, browser):
    context = browser.new_context(base_url=live_server.url)
    try:
        response = context.request.get("/healthz")
        assert response.json() == {"status": "ok"}
        assert live_server.app.config["WTF_CSRF_ENABLED"] is True
        refused = context.request.post("/login", form={"email": "a@b.dk", "password": "x"})
        assert refused.status == 400, "a form without its CSRF token is refused"
    finally:
        context.close()


def test_axe_check_fails_on_a_real_violation_in_the_portal(live_server, browser):
    """The checker is not a rubber stamp: an image without alt text on a portal page fails."""
    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/login")
        conftest.check_a11y(page, "axe-self-test")
        before = dict(conftest.AXE_STATS)
        page.evaluate("""() => {
            const img = document.createElement('img');
            img.src = '/static/img/favicon.svg';
            document.querySelector('main').appendChild(img);
        }""")
        with pytest.raises(pytest.fail.Exception, match=r"image-alt"):
            conftest.check_a11y(page, "axe-self-test-broken")
    finally:
        context.close()
    # The deliberate violation is not counted against the portal.
    conftest.AXE_STATS.clear()
    conftest.AXE_STATS.update(before)
