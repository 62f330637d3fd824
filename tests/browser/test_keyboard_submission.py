"""The caseworker's submission with the keyboard only (Tab, Shift+Tab, Enter, Space and
typing; never the mouse): log in, find the demo couple's departure draft, finish its
steps, check the answers and submit. The focus is visible at every Tab stop."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, Person, Request
from portal.workflow import Status
from tests.browser.conftest import (
    DEMO_PASSWORD,
    check_a11y,
    focused_element,
    page_lang,
    path,
    tab,
    tab_to,
)

pytestmark = pytest.mark.browser

#: The demo couple whose departure request is a draft, per language's account.
COUPLE = {"da": ("aarhus@demo.test", "Tariq Al-Khatib"),
          "en": ("kobenhavn@demo.test", "Walid Darwish")}


def _draft_request_id(app, applicant: str) -> int:
    with app.app_context():
        request_id = db.session.scalar(
            select(Request.id).join(Case, Request.case_id == Case.id)
            .join(Person, Person.case_id == Case.id)
            .where(Person.full_name == applicant, Request.status == Status.DRAFT))
        db.session.remove()
    assert request_id, f"the demo draft of {applicant} is missing"
    return request_id


def _press(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def test_caseworker_submits_a_request_with_the_keyboard_only(page, lang, live_server):
    email, applicant = COUPLE[lang]
    request_id = _draft_request_id(live_server.app, applicant)

    page.goto("/login")
    if page_lang(page) != lang:
        tab_to(page, lambda info: "language-switch" in info["form"])
        _press(page, "Space")
    page.goto("/login")
    info = tab(page)
    assert "skip-link" in info["cls"]
    page.keyboard.press("Enter")
    assert focused_element(page)["id"] == "main"
    assert tab(page)["id"] == "email"
    page.keyboard.type(email)
    assert tab(page)["id"] == "password"
    page.keyboard.type(DEMO_PASSWORD)
    _press(page, "Enter")  # Enter in a field submits its form
    assert path(page) == "/municipality"

    # Find the couple with the search field, then continue their draft.
    tab_to(page, lambda info: info["tag"] == "input" and info["name"] == "q")
    page.keyboard.type(applicant)
    _press(page, "Enter")
    tab_to(page, lambda info: info["href"].endswith(f"/requests/{request_id}/continue"))
    _press(page, "Enter")
    check_a11y(page, "keyboard-draft-step")

    # Each remaining step: Tab to its main button and press it (Enter or Space in turn).
    for number in range(10):
        if path(page).endswith(f"/requests/{request_id}/check"):
            break
        target = tab_to(page, lambda info: info["tag"] in ("button", "a")
                        and "button" in info["cls"].split()
                        and ("button-secondary" not in info["cls"] or info["tag"] == "a")
                        and (info["tag"] == "button" or info["href"].endswith("/check")))
        _press(page, "Space" if number % 2 and target["tag"] == "button" else "Enter")
        assert not page.locator(".error-summary").count(), \
            f"the step {page.url} has errors: {page.locator('.error-summary').inner_text()}"
    assert path(page).endswith(f"/requests/{request_id}/check"), f"stuck at {page.url}"
    check_a11y(page, "keyboard-check")

    # Shift+Tab back once from the submit button and forward again, then Space to submit.
    tab_to(page, lambda info: info["tag"] == "button"
           and info["form"] == "" and "button" in info["cls"].split()
           and "link-button" not in info["cls"])
    tab(page, "Shift+Tab")
    submit = tab(page)
    assert submit["tag"] == "button"
    _press(page, "Space")
    assert path(page).endswith(f"/requests/{request_id}/confirmation")
    check_a11y(page, "keyboard-confirmation")
    with live_server.app.app_context():
        assert db.session.get(Request, request_id).status is Status.SUBMITTED
        db.session.remove()
