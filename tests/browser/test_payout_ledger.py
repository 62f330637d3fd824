"""Issue 16's acceptance in Danish: an exchange rate typed as 1,1581 and a payout typed as
117.984,06 are shown back as 1,1581 and 117.984,06 kr.; the payout is an entry of the case's
payout ledger (screenshot screenshots/agency-payout-ledger.png for the README)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, CaseKind, Request
from portal.workflow import Status
from tests.browser.conftest import SCREENSHOTS, check_a11y, ensure_language, login

pytestmark = pytest.mark.browser


def _booked_flexible_request(app) -> int:
    with app.app_context():
        request_id = db.session.scalars(
            select(Request.id).join(Case, Case.id == Request.case_id)
            .where(Request.status == Status.TRAVEL_BOOKED,
                   Case.kind == CaseKind.FLEXIBLE_PAYMENT).order_by(Request.id)).first()
        db.session.remove()
    assert request_id, "the demo data has no booked flexible-payment request"
    return request_id


def _pay(page, amount: str, reason: str, reference: str) -> None:
    """Record the first traveller's payout as typed."""
    form = page.locator("form[action*='/payout/']").first
    for name, value in (("amount", amount), ("reason", reason), ("reference", reference)):
        form.locator(f"input[name$='-{name}']").fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_danish_rate_and_payout_are_read_and_shown_back_the_danish_way(page, live_server):
    login(page, "agency@demo.test")
    ensure_language(page, "da")

    page.goto("/agency/reference/rates")
    page.get_by_role("textbox", name="Valutakode").fill("USD")
    page.locator("input[name=units_per_eur]").fill("1,1581")
    with page.expect_navigation():
        page.locator("input[name=units_per_eur]").press("Enter")
    assert page.locator("main td", has_text="1,1581").count() >= 1

    request_id = _booked_flexible_request(live_server.app)
    page.goto(f"/agency/requests/{request_id}")
    _pay(page, "117.984,06", "Beløb ifølge kvittering", "KASSE-2026-17")

    ledger = page.locator("section[aria-labelledby='ledger-title']")
    assert ledger.is_visible()
    assert re.search(r"117\.984,06[ \u00a0]kr\.", ledger.inner_text())
    assert ledger.get_by_text("KASSE-2026-17").count() == 1

    # A correction is a second entry that names the first.
    _pay(page, "112.000", "Forskud på 5.984,06 kr. trukket fra", "KASSE-2026-18")
    ledger = page.locator("section[aria-labelledby='ledger-title']")
    assert re.search(r"112\.000,00[ \u00a0]kr\.", ledger.inner_text())
    assert re.search(r"retter #\d+", ledger.inner_text())
    timeline = page.locator("section[aria-labelledby='timeline-title']")
    assert "Udbetaling registreret" in timeline.inner_text()
    check_a11y(page, "agency-payout-ledger-page")
    SCREENSHOTS.mkdir(exist_ok=True)
    ledger.screenshot(path=str(SCREENSHOTS / "agency-payout-ledger.png"))
