"""Issue 17, point 5: documents from the agency. Agency staff attach files for the
municipality (checked like every upload, audited); the municipality sees and downloads them
on its case page, DRC never; a rejection produces a Danish decision letter (afgørelse)."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import Attachment, AttachmentKind, AuditEvent
from portal.workflow import Status
from tests.agency_helpers import make_request
from tests.conftest import login
from tests.filing_helpers import PNG_BYTES, pdf_text, small_pdf


def _attach(client, made, kind: str, filename: str, data: bytes):
    page = f"/agency/requests/{made.request_id}"
    return client.form_post(f"{page}/documents",
                            {"document-kind": kind, "document-file": (io.BytesIO(data), filename)},
                            page=page, content_type="multipart/form-data")


def _reject(client, made, reason: str):
    page = f"/agency/requests/{made.request_id}"
    with client.application.app_context():
        from portal.models import Request
        version = db.session.get(Request, made.request_id).version_id
        db.session.remove()
    return client.form_post(f"{page}/actions/reject",
                            {"reject-note": reason, "reject-version": str(version)}, page=page)


def _switch(client, email: str) -> None:
    """Log the current user out and another in, reading in English."""
    client.form_post("/logout", page="/account")
    login(client, email)
    client.form_post("/language", {"lang": "en", "next": "/"}, page="/account")


def _agency_attachments(app, made):
    with app.app_context():
        rows = db.session.scalars(select(Attachment).where(
            Attachment.request_id == made.request_id,
            Attachment.kind.in_([k for k in AttachmentKind if k.from_agency]))).all()
        result = [(a.id, a.kind, a.original_name) for a in rows]
        db.session.remove()
    return result


def test_the_agency_attaches_an_e_ticket_the_municipality_downloads_and_drc_never_sees(
        app, client, make, login_as, english):
    agency = login_as("agency")
    made = make_request(app, make, status=Status.APPROVED, agency=agency)
    response = _attach(client, made, "e_ticket", "ticket.pdf", small_pdf("TK 1784"))
    assert response.status_code == 302
    [(attachment_id, kind, name)] = _agency_attachments(app, made)
    assert kind is AttachmentKind.E_TICKET
    assert name == "ticket.pdf"
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.detail).where(
            AuditEvent.action == "upload_attachment", AuditEvent.user_id == agency.id)) \
            == f"attachment={attachment_id} kind=e_ticket"
        db.session.remove()

    _switch(client, made.caseworker.email)
    page = client.get(f"/municipality/cases/{made.case_id}").get_data(as_text=True)
    assert "Documents from the agency" in page
    assert f"/documents/attachments/{attachment_id}" in page
    download = client.get(f"/documents/attachments/{attachment_id}")
    assert pdf_text(download.data).strip() == "TK 1784"
    assert f"{made.reference}-e-billet-{attachment_id}.pdf" in download.headers[
        "Content-Disposition"]

    drc = make.user("drc_adviser")
    _switch(client, drc.email)
    assert client.get(f"/documents/attachments/{attachment_id}").status_code == 404
    assert f"/documents/attachments/{attachment_id}" not in client.get(
        f"/drc/cases/{made.case_id}").get_data(as_text=True)


def test_an_agency_file_that_fails_the_upload_checks_is_refused_next_to_the_field(
        app, client, make, login_as, english):
    agency = login_as("agency")
    made = make_request(app, make, status=Status.IN_REVIEW, agency=agency)
    response = _attach(client, made, "agency_other", "scan.pdf", b"%PDF-1.4 broken")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="document-file-error"' in html  # the message next to the file field
    assert 'href="#document-file"' in html  # and in the summary at the top
    assert _agency_attachments(app, made) == []
    ok = _attach(client, made, "agency_other", "photo.png", PNG_BYTES)
    assert ok.status_code == 302


def test_the_municipality_cannot_upload_an_agency_kind_in_its_wizard(app, client, make,
                                                                      login_as):
    from portal.forms.requests import UploadForm

    with app.test_request_context():
        kinds = {value for value, _label in UploadForm().kind.choices}
    assert "decision_letter" not in kinds
    assert "e_ticket" not in kinds
    assert "waiver" in kinds


def test_a_rejection_produces_a_danish_decision_letter_with_reason_basis_and_contact(
        app, client, make, login_as, english):
    agency = login_as("agency")
    made = make_request(app, make, status=Status.IN_REVIEW, agency=agency)
    response = _reject(client, made, "Ansøgeren har ikke dansk opholdsgrundlag.")
    assert response.status_code == 302
    [(attachment_id, kind, name)] = _agency_attachments(app, made)
    assert kind is AttachmentKind.DECISION_LETTER
    assert name == f"{made.reference}-afgoerelse.pdf"

    _switch(client, made.caseworker.email)
    page = client.get(f"/municipality/cases/{made.case_id}").get_data(as_text=True)
    assert "Decision letter" in page  # the caseworker reads in English ...
    text = pdf_text(client.get(f"/documents/attachments/{attachment_id}").data)
    flowing = " ".join(text.split())
    assert "Afgørelse" in flowing  # ... the letter is Danish all the same
    assert "Hjemrejsestyrelsen giver afslag på anmodningen." in flowing
    assert "Ansøgeren har ikke dansk opholdsgrundlag." in flowing
    assert "Lovgrundlag" in flowing
    assert "BEK 1493/2023" in flowing
    assert made.reference in flowing
    assert "30 65 78 40" in flowing
    assert "repatriering@hjemst.dk" in flowing
    assert re.search(r"Dato for afgørelsen\s*\d", text)
    assert agency.name in flowing
    for english_text in ("Decision", "Reason", "Legal basis", "rejects the request"):
        assert english_text not in flowing


def test_the_caseworker_is_mailed_when_the_agency_attaches_a_document_without_its_name(
        app, client, make, login_as, english, mail_outbox):
    login_as("agency")
    caseworker = make.user("caseworker", email="sara@aarhus.example", locale="da")
    made = make_request(app, make, status=Status.APPROVED, caseworker=caseworker)
    mail_outbox.messages.clear()
    assert _attach(client, made, "e_ticket", "Omar Haddad ticket.pdf",
                   small_pdf("TK 1784")).status_code == 302
    [message] = [m for m in mail_outbox.messages if m["To"] == "sara@aarhus.example"]
    body = mail_outbox.bodies()[mail_outbox.messages.index(message)]
    assert made.reference in message["Subject"]
    assert "nyt dokument" in message["Subject"].lower()  # the caseworker reads Danish
    assert "E-billet" in body
    assert f"/municipality/cases/{made.case_id}" in body
    assert "Omar" not in body
    assert "Haddad" not in body

    mail_outbox.messages.clear()
    assert _attach(client, made, "e_ticket", "fake.pdf", b"not a pdf").status_code != 302
    assert mail_outbox.messages == []  # a refused file tells nobody
