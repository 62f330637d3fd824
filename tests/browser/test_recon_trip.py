"""The reconnaissance-trip request in the browser, for a trip of more than 56 days: the
page says the support stops after 56 days, and the request is submitted; in Danish.
Caseworker pages are checked by axe at 1280 px and 375 px."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.browser.conftest import (
    check_caseworker_page,
    ensure_language,
    login,
    path,
    translated,
    wait_for_summary_focus,
)
from tests.browser.test_caseworker_filing import fill, person, save

pytestmark = pytest.mark.browser


def test_recon_trip_longer_than_56_days_says_support_stops_and_is_submitted(page, lang,
                                                                            live_server):
    login(page, "aarhus@demo.test")
    ensure_language(page, lang)
    page.goto("/municipality/cases/new")
    fill(page, {"destination_country": "SY", "kind": "ordinary",
                "planned_departure": (date.today() + timedelta(days=150)).isoformat(),
                **person(f"Khaled Haddad {lang}", "", "applicant", "150190-4567")})
    save(page)
    case_id = int(re.search(r"/cases/(\d+)", page.url).group(1))
    fill(page, {"kind": "recon_trip"})
    with page.expect_navigation():
        page.locator(f"main form[action$='/cases/{case_id}/requests'] button").click()
    assert path(page).endswith("/steps/trip")
    trip_url = page.url
    check_caseworker_page(page, "recon-trip")

    # The last day before the first is an error, shown and focused.
    first = date.today() + timedelta(days=20)
    fill(page, {"destination_country": "SY", "purpose": "See the housing",
                "first_day": first.isoformat(),
                "last_day": (first - timedelta(days=1)).isoformat(),
                "benefit_kept": "Selvforsørgelses- og hjemrejseydelse",
                "support_requested": "y"})
    travellers = page.locator("main [name=travellers]")
    for index in range(travellers.count()):
        travellers.nth(index).check()
    save(page)
    wait_for_summary_focus(page)
    check_caseworker_page(page, "recon-trip-errors")

    # 57 days: allowed, but the support stops after 56 days.
    fill(page, {"first_day": first.isoformat(),
                "last_day": (first + timedelta(days=56)).isoformat()})
    save(page)
    page.goto(trip_url)  # back to the trip step to read what it says now
    assert translated(live_server.app, lang, "The trip is %(days)s days long. It can be "
                      "requested, but maintenance support stops after %(max)s days.",
                      days=57, max=56) in page.locator("main").inner_text()
    check_caseworker_page(page, "recon-trip-57-days")

    # On to the check page and submit.
    for _ in range(8):
        if path(page).endswith("/check"):
            break
        check_link = page.locator("main a.button[href$='/check']")
        if check_link.count():
            with page.expect_navigation():
                check_link.click()
        else:
            save(page)
            assert not page.locator(".error-summary").count(), page.url
    assert path(page).endswith("/check"), page.url
    check_caseworker_page(page, "recon-check")
    with page.expect_navigation():
        page.locator("main form[action$='/submit'] button").click()
    assert path(page).endswith("/confirmation")
    check_caseworker_page(page, "recon-confirmation")
