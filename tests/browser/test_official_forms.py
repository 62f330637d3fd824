"""Issue 15's acceptance: a household of two parents and children of 2, 9 and 16 with an
escort is filed for Syria with the interface in English; every PDF downloaded is Danish, no
labelled field is blank unless the field list allows it, the parents travel along ("Rejser
med: Ja"), and no word is split; the first page of each is saved as a PNG under screenshots/."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pypdfium2
import pytest

from portal.extensions import db
from portal.models import Case
from portal.pdf.field_sources import FORM_FIELDS, may_be_empty
from tests.browser.conftest import SCREENSHOTS, ensure_language, login, path
from tests.browser.test_caseworker_filing import fill, person, save
from tests.filing_helpers import pdf_text

pytestmark = pytest.mark.browser

ENGLISH = ("Case reference:", "Page 1 of", "Departure form", "Holder of custody", "Applicant")


@pytest.mark.lang("en")
def test_the_household_with_an_escort_gets_danish_forms_it_can_sign(page, lang, live_server):
    app = live_server.app
    departure = date.today() + timedelta(days=60)
    login(page, "aarhus@demo.test")
    ensure_language(page, "en")
    page.goto("/account")  # the caseworker's phone, printed on every form
    fill(page, {"phone": "87 13 40 00"})
    with page.expect_navigation():
        page.locator("main form[action$='/account/phone'] button").click()
    page.goto("/municipality/cases/new")
    fill(page, {"destination_country": "SY", "kind": "ordinary",
                "planned_departure": departure.isoformat(),
                **person("Rania Al-Masri", "1988-03-02", "applicant", "020388-1236")})
    save(page)
    case_id = int(re.search(r"/cases/(\d+)", page.url).group(1))
    for member in (person("Khaled Al-Masri", "1985-07-14", "spouse", "1407851237"),
                   person("Adam Al-Masri", (departure - timedelta(days=2 * 366)).isoformat(),
                          "child"),
                   person("Huda Al-Masri", (departure - timedelta(days=9 * 366)).isoformat(),
                          "child"),
                   person("Omar Al-Masri", (departure - timedelta(days=16 * 366)).isoformat(),
                          "child"),
                   {**person("Mette Ærø Holm", "1979-08-12", "escort", "1208794562"),
                    "nationality": "DK"}):
        page.goto(f"/municipality/cases/{case_id}/persons/new")
        fill(page, member)
        save(page)
        assert path(page) == f"/municipality/cases/{case_id}"
    with app.app_context():
        ids = [p.id for p in db.session.get(Case, case_id).persons]
        db.session.remove()
    fill(page, {"kind": "departure"})
    with page.expect_navigation():
        page.locator(f"main form[action$='/cases/{case_id}/requests'] button").click()
    request_id = int(re.search(r"/requests/(\d+)/steps/travellers", page.url).group(1))
    for pid in ids:
        page.locator(f"main [name=travellers][value='{pid}']").check()
    save(page)
    answers = {}
    for pid in ids:
        answers.update({f"p{pid}_address_dk": "Åbyvej 2, 8230 Åbyhøj",
                        f"p{pid}_address": "Damaskus, Mezzeh 4",
                        f"p{pid}_contact": "Ahmad Al-Masri, +963 11 123 4567"})
    answers[f"p{ids[0]}_language"] = "ar"
    fill(page, answers)
    save(page)
    assert path(page).endswith("/steps/supplement")
    fill(page, {"guardian1_name": "Rania Al-Masri", "guardian1_relation": "Mother",
                "guardian1_consents": "yes", "guardian2_name": "Khaled Al-Masri",
                "guardian2_relation": "Father", "guardian2_consents": "yes",
                "consent_confirmed": "y", "escort_person": str(ids[5]),
                "escorted": str(ids[4]),  # the escort travels with the 16-year-old
                "escort_organisation": "Røde Kors",
                "escort_returns_on": (departure + timedelta(days=3)).isoformat()})
    save(page)
    assert path(page).endswith("/steps/cash")
    save(page)
    with page.expect_navigation():
        page.locator("main a.button[href$='/check']").click()
    with page.expect_navigation():
        page.locator(f"main form[action$='/requests/{request_id}/submit'] button").click()
    assert path(page).endswith("/confirmation")

    page.goto(f"/documents/requests/{request_id}/")
    links = page.locator("main a[href$='.pdf']")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) == 6 + 1 + 1  # six departure forms, the supplement, the receipt
    with app.test_request_context():
        from flask_babel import force_locale, gettext
        with force_locale("da"):
            labels = {form: {gettext(label): may_be_empty(form, label)
                             for label, _source, _why in fields}
                      for form, fields in FORM_FIELDS.items()}
    SCREENSHOTS.mkdir(exist_ok=True)
    for href in hrefs:
        response = page.request.get(href)
        name = re.search(r'filename="([^"]+)"', response.headers["content-disposition"]).group(1)
        assert (name.startswith("R-") and "-udrejseblanket-" in name) or "tillaegsark" in name \
            or "kvittering" in name, name
        data = response.body()
        text = pdf_text(data)
        assert "Sagsnummer:" in text
        for english in ENGLISH:
            assert english not in text, (href, english)
        form = re.sub(r"-\d+$", "", href.rsplit("/", 1)[1][:-4])
        lines = text.splitlines()
        for number, line in enumerate(lines[:-1]):
            if line.strip() in labels.get(form, {}):
                assert lines[number + 1].strip() or labels[form][line.strip()], (href, line)
        # No word split mid-word: with line breaks read as spaces, every label of the form
        # and every name on it still reads whole ("Statsborgersk ab" would not).
        flowing = " ".join(text.split())
        for label in labels.get(form, {}):
            assert label in flowing, (href, label)
        for parent in ("Rania Al-Masri", "Khaled Al-Masri"):
            assert parent in flowing, (href, parent)
        first_page = pypdfium2.PdfDocument(data)[0]  # PDFium from PyPI: no poppler needed
        first_page.render(scale=60 / 72).to_pil().save(SCREENSHOTS / f"pdf-{name[:-4]}.png")
    supplement = pdf_text(page.request.get(f"/documents/requests/{request_id}/supplement.pdf")
                          .body())
    assert len(re.findall(r"Rejser med\s*☒ Ja", supplement)) == 2  # both parents travel
    assert "Mette Ærø Holm" in supplement
    assert re.search(r"Ledsager for\s*Omar Al-Masri\s", supplement)  # tied to the 16-year-old
    assert "Sagsbehandlers telefon\n87 13 40 00" in supplement
    child = pdf_text(page.request.get(f"/documents/requests/{request_id}/departure-3.pdf")
                     .body())
    assert "Indehaver af forældremyndighed for" in child  # a guardian signs for Adam
