"""'Forms and links' for every role: the blank waiver declaration and departure form built by
the portal's own PDF code, in Danish with every field empty, and the newsletter's useful links."""

from __future__ import annotations

import re

import pytest

from tests.filing_helpers import pdf_text

NEWSLETTER_LINKS = ("Information til kommunerne om repatrieringsopgaven",
                    "Anmodning om fleksibel udbetaling", "Udrejseblanket",
                    "Udrejseblanket til børn/eskorte", "angivelsesblanket nr. 14.029",
                    "Evalueringafdedikeretvejledning_2025.pdf")


@pytest.mark.parametrize("role", ["caseworker", "agency", "drc_adviser", "admin"])
def test_every_role_finds_the_blank_forms_and_the_newsletters_links(client, login_as, english,
                                                                     role):
    login_as(role)
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert re.search(r'<a[^>]+href="/blanketter"[^>]*>\s*Forms and links', home)
    page = client.get("/blanketter").get_data(as_text=True)
    for text in NEWSLETTER_LINKS:
        assert f'<a href="https://hjemst.dk" lang="da" rel="noopener">{text}</a>' in page, text
    assert 'href="/blanketter/frafaldserklaering.pdf"' in page
    assert 'href="/blanketter/udrejseblanket.pdf"' in page


def test_the_blank_forms_are_danish_pdfs_with_empty_fields(client, login_as, english):
    login_as("caseworker")
    waiver = client.get("/blanketter/frafaldserklaering.pdf")
    assert waiver.headers["Content-Disposition"] == \
        'attachment; filename="blank-frafaldserklaering.pdf"'
    text = pdf_text(waiver.data)
    assert "Frafaldserklæring" in text
    assert "Jeg giver afkald på fortrydelsesretten og reintegrationsbistanden." in text
    assert "DRC Dansk Flygtningehjælp" in text
    assert "Waiver declaration" not in text
    departure = client.get("/blanketter/udrejseblanket.pdf")
    assert departure.headers["Content-Disposition"] == \
        'attachment; filename="blank-udrejseblanket.pdf"'
    text = pdf_text(departure.data)
    assert "Udrejseblanket" in text
    assert "Fulde navn" in text
    assert "Departure form" not in text
    for blank in (pdf_text(waiver.data), text):
        assert "None" not in blank
        assert "Test caseworker" not in blank  # nothing of the reader is filled in
        # a label is followed by an empty line of room, never by another value
        assert re.search(r"Fulde navn\n\s*\n?CPR-nummer", blank), blank[:600]
        assert re.search(r"Kommune\n\s+\nSagstype", blank), blank[:1200]


def test_blank_forms_need_a_login(client):
    response = client.get("/blanketter/udrejseblanket.pdf")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
