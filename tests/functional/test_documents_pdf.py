"""PDF downloads: a family's form costs the same few statements as a single person's, and
only the documents a request lists are served (others answer 404)."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from portal.models import RequestKind
from portal.models.cases import CaseKind
from tests.agency_helpers import make_request
from tests.conftest import login
from tests.sql_counting import statements_of_get

SINGLE = [{"full_name": "Omar Haddad", "birth_date": date(1980, 5, 17),
           "relation": "applicant", "cpr": "1705801234"}]


def _statements(app, client, url: str) -> int:
    return statements_of_get(app, client, url)[0]


def test_flexible_payment_pdf_statements_do_not_grow_with_the_family(app, client, make, english):
    single = make_request(app, make, persons=SINGLE)
    family = make_request(app, make, family=True, caseworker=single.caseworker,
                          agency=single.agency)
    login(client, single.caseworker.email)
    counts = [
        _statements(app, client, f"/documents/requests/{made.request_id}/flexible-payment.pdf")
        for made in (single, family)
    ]
    assert counts[0] == counts[1]
    # Session, request, travellers, persons, case, rates (year or the one before),
    # attachment kinds and the audit row.
    assert counts[1] <= 9


def test_family_pdf_names_every_traveller(app, client, make, english):
    family = make_request(app, make, family=True)
    login(client, family.caseworker.email)
    response = client.get(f"/documents/requests/{family.request_id}/flexible-payment.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    for name in ("Rami Al-Hassan", "Lina Al-Hassan", "Sami Al-Hassan", "Nour Al-Hassan",
                 "Yara Al-Hassan"):
        assert name in text


def test_served_pdf_is_made_by_reportlab_and_its_metadata_names_no_person(app, client, make,
                                                                          english):
    family = make_request(app, make, family=True)
    login(client, family.caseworker.email)
    response = client.get(f"/documents/requests/{family.request_id}/departure-1.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    values = " ".join(str(value) for value in reader.metadata.values())
    assert "Al-Hassan" in reader.pages[0].extract_text()  # the person is on the form itself
    assert reader.metadata.producer.startswith("ReportLab PDF Library")
    assert family.reference in reader.metadata.title
    assert "Al-Hassan" not in values
    assert family.caseworker.name not in values


def test_only_documents_the_request_lists_are_served(app, client, make, english):
    flexible = make_request(app, make, persons=SINGLE)
    departure = make_request(app, make, persons=SINGLE, kind=RequestKind.DEPARTURE,
                             case_kind=CaseKind.ORDINARY, caseworker=flexible.caseworker,
                             agency=flexible.agency)
    login(client, flexible.caseworker.email)
    base = f"/documents/requests/{flexible.request_id}"
    assert client.get(f"{base}/flexible-payment.pdf").status_code == 200
    assert client.get(f"{base}/departure-1.pdf").status_code == 200
    for key in ("departure-01", "departure-2", "recon-trip", "cash-1", "supplement"):
        assert client.get(f"{base}/{key}.pdf").status_code == 404, key
    other = f"/documents/requests/{departure.request_id}"
    assert client.get(f"{other}/departure-1.pdf").status_code == 200
    assert client.get(f"{other}/flexible-payment.pdf").status_code == 404
