"""'Assign to me' from the work queue in a real browser: the list is one form whose buttons
each post their own request and version (formaction), so the click must land on the right
request and come back to the same filtered list."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Request, User
from tests.browser.conftest import check_a11y, ensure_language, login

pytestmark = pytest.mark.browser

ACCOUNT = {"da": "agency@demo.test", "en": "agency2@demo.test"}


def _assignee(app, request_id: int) -> str | None:
    with app.app_context():
        email = db.session.scalar(select(User.email).join(
            Request, Request.assignee_id == User.id).where(Request.id == request_id))
        db.session.remove()
        return email


@pytest.mark.lang("en")
def test_assign_to_me_from_the_queue_assigns_that_request_and_returns(page, lang, live_server):
    login(page, ACCOUNT[lang])
    ensure_language(page, lang)
    page.goto("/agency/?status=open&assignee=unassigned")
    check_a11y(page, "agency-queue-unassigned")
    button = page.locator("main form.queue-assign button[formaction]").nth(1)
    request_id = int(re.search(r"/requests/(\d+)/", button.get_attribute("formaction"))[1])
    assert _assignee(live_server.app, request_id) is None
    with page.expect_navigation():
        button.click()
    assert page.url.endswith("/agency/?status=open&assignee=unassigned")
    assert page.locator(".alert-success").count() == 1
    assert _assignee(live_server.app, request_id) == ACCOUNT[lang]
    assert page.locator(f"main table a[href$='/agency/requests/{request_id}']").count() == 0
