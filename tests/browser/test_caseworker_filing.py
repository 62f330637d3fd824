"""The caseworker's filing journey in the browser: the demo family (2 adults, 3 children,
one under 2) to Syria with flexible payment, the waiver and IN 325 uploaded, the cash
declarations and the supplement appearing, and the submission, in Danish. Every step is
checked by axe at 1280 px and 375 px, including a step with its errors shown."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from reportlab.pdfgen import canvas
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, Request
from portal.workflow import Status
from tests.browser.conftest import (
    assert_no_danish,
    check_caseworker_page,
    ensure_language,
    login,
    path,
    switch_language,
    translated,
    wait_for_summary_focus,
)

pytestmark = pytest.mark.browser

PROPER_NAMES = frozenset({"sørensen", "københavn", "birkerød", "mezzeh"})


def tiny_pdf(folder, name: str) -> str:
    """A one-page PDF made on the fly, like a scanned signed form."""
    target = folder / name
    pdf = canvas.Canvas(str(target))
    pdf.drawString(72, 720, f"{name}: signed")
    pdf.save()
    return str(target)


def fill(page, data: dict) -> None:
    """Fill the main form by the controls' names, whatever kind of control each is."""
    for name, value in data.items():
        control = page.locator(f"main [name='{name}']")
        first = control.first
        tag = first.evaluate("el => el.tagName.toLowerCase()")
        kind = (first.get_attribute("type") or "").lower()
        if tag == "select":
            first.select_option(str(value))
        elif kind == "radio":
            page.locator(f"main [name='{name}'][value='{value}']").check()
        elif kind == "checkbox":
            values = value if isinstance(value, list) else [value]
            for item in values:
                if item is True or item == "y":
                    first.check()
                else:
                    page.locator(f"main [name='{name}'][value='{item}']").check()
        else:
            first.fill(str(value))


def save(page, label: str | None = None) -> None:
    with page.expect_navigation():
        page.locator("main form button[type=submit].button").last.click() if label is None \
            else page.get_by_role("button", name=label).click()


def person(name: str, birth: str, relation: str, cpr: str = "") -> dict:
    return {"full_name": name, "cpr": cpr, "birth_date": birth, "nationality": "SY",
            "passport_number": "P1", "passport_country": "SY", "relation": relation}


def test_caseworker_files_the_demo_family_to_syria_with_flexible_payment(
        page, lang, live_server, tmp_path):
    app = live_server.app
    departure = date.today() + timedelta(days=60)
    baby = departure - timedelta(days=400)
    login(page, "aarhus@demo.test")
    ensure_language(page, lang)

    # The new case: first with errors shown, then right.
    page.goto("/municipality/cases/new")
    check_caseworker_page(page, "filing-new-case")
    save(page)
    wait_for_summary_focus(page)
    check_caseworker_page(page, "filing-new-case-errors")
    fill(page, {"destination_country": "SY", "kind": "flexible_payment",
                "planned_departure": departure.isoformat(),
                **person(f"Rami Al-Hassan {lang}", "", "applicant", "020384-1235")})
    save(page)
    case_id = int(re.search(r"/cases/(\d+)", page.url).group(1))
    check_caseworker_page(page, "filing-case")

    for member in (person("Lina Al-Hassan", "1987-11-20", "spouse", "2011874562"),
                   person("Sami Al-Hassan", "2014-06-01", "child"),
                   person("Nour Al-Hassan", "2018-09-09", "child"),
                   person("Yara Al-Hassan", baby.isoformat(), "child")):
        page.goto(f"/municipality/cases/{case_id}/persons/new")
        fill(page, member)
        save(page)
        assert path(page) == f"/municipality/cases/{case_id}", "the person was not added"
    check_caseworker_page(page, "filing-case-household")
    if switch_language(page) == "en":
        assert_no_danish(page, PROPER_NAMES)
    switch_language(page)
    with app.app_context():
        ids = [p.id for p in db.session.get(Case, case_id).persons]
        db.session.remove()
    assert len(ids) == 5

    # The flexible-payment request, step by step.
    fill(page, {"kind": "flexible_payment"})
    with page.expect_navigation():
        page.locator(f"main form[action$='/cases/{case_id}/requests'] button").click()
    request_id = int(re.search(r"/requests/(\d+)/steps/travellers", page.url).group(1))
    assert page.locator("ol.steps li[aria-current=step]").count() == 1
    check_caseworker_page(page, "filing-travellers")
    for pid in ids:
        page.locator(f"main [name=travellers][value='{pid}']").check()
    save(page)
    assert path(page).endswith("/steps/waivers")
    check_caseworker_page(page, "filing-waivers")

    # A missing waiver: the error is summarised, takes the focus and links to the field.
    fill(page, {f"p{ids[0]}_regret": "y"})
    save(page)
    wait_for_summary_focus(page)
    assert translated(app, lang, "%(name)s must waive the right to regret and reintegration "
                      "assistance.", name="Lina Al-Hassan") in \
        page.locator(".error-summary").inner_text()
    check_caseworker_page(page, "filing-waivers-errors")
    fill(page, {f"p{ids[0]}_regret": "y", f"p{ids[1]}_regret": "y"})
    save(page)
    assert path(page).endswith("/steps/departure")
    check_caseworker_page(page, "filing-departure")
    # The first person's answers; the family's blank fields take them.
    fill(page, {f"p{ids[0]}_address": "Damascus, Mezzeh 4",
                f"p{ids[0]}_address_dk": "Åbyvej 2, 8230 Åbyhøj",
                f"p{ids[0]}_contact": "Ahmad, +963 11 123 4567"})
    save(page)

    # Minors travel, so the supplement step appears by itself in the progress indicator.
    assert path(page).endswith("/steps/supplement")
    current = page.locator("ol.steps li[aria-current=step]")
    assert current.count() == 1
    assert translated(app, lang, "Child/escort supplement") in current.inner_text()
    assert page.locator("nav ol.steps").locator("..").get_attribute("aria-label")
    check_caseworker_page(page, "filing-supplement")
    fill(page, {"guardian1_name": "Rami Al-Hassan", "guardian1_relation": "Father",
                "guardian1_consents": "yes", "guardian2_name": "Lina Al-Hassan",
                "guardian2_relation": "Mother", "guardian2_consents": "yes",
                "consent_confirmed": "y"})
    save(page)
    assert path(page).endswith("/steps/cash")
    assert translated(app, lang, "A cash declaration is required for: %(names)s.",
                      names=f"Rami Al-Hassan {lang}, Lina Al-Hassan") in \
        page.locator("main").inner_text()
    check_caseworker_page(page, "filing-cash")
    fill(page, {f"p{ids[2]}_carrier": ids[0], f"p{ids[3]}_carrier": ids[1],
                f"p{ids[4]}_carrier": ids[0], f"p{ids[0]}_amount": "500",
                f"p{ids[0]}_currency": "USD"})
    save(page)
    assert path(page).endswith("/steps/declarations")
    check_caseworker_page(page, "filing-declarations")
    declarations = {"customs_assist": "y"}
    for pid in ids[:2]:
        declarations.update({
            f"p{pid}_owner": "Owner", f"p{pid}_intended_recipient": "Recipient",
            f"p{pid}_cash_type": "currency", f"p{pid}_origin": "Assistance",
            f"p{pid}_intended_use": "Housing", f"p{pid}_route": "CPH-IST-DAM",
            f"p{pid}_means_of_transport": "Air"})
    fill(page, declarations)
    save(page)
    assert path(page).endswith("/steps/attachments")
    check_caseworker_page(page, "filing-attachments")

    # The waiver and IN 325, generated as tiny PDFs.
    for kind, name in (("waiver", "waiver.pdf"), ("in325", "in325.pdf")):
        fill(page, {"kind": kind})
        page.set_input_files("main input[type=file]", tiny_pdf(tmp_path, name))
        save(page)
        assert page.locator("main table").get_by_role("link", name=name).is_visible()
    check_caseworker_page(page, "filing-attachments-uploaded")

    with page.expect_navigation():
        page.locator("main a.button[href$='/check']").click()
    check_caseworker_page(page, "filing-check")
    if switch_language(page) == "en":
        assert_no_danish(page, PROPER_NAMES)
    switch_language(page)
    with page.expect_navigation():
        page.locator(f"main form[action$='/requests/{request_id}/submit'] button").click()
    assert path(page).endswith(f"/requests/{request_id}/confirmation")
    check_caseworker_page(page, "filing-confirmation")
    with app.app_context():
        req = db.session.scalar(select(Request).where(Request.id == request_id))
        assert req.status is Status.SUBMITTED
        assert len(req.cash_declarations) == 2
        db.session.remove()

    # The PDF download page lists the generated forms.
    page.goto(f"/documents/requests/{request_id}/")
    assert page.locator("main a[href$='.pdf']").count() >= 5
    check_caseworker_page(page, "filing-documents")
