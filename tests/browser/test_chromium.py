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
