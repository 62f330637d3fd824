"""Uploads by content, and who may download PDFs and attachments (others: 404 + audit)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Attachment,
    AttachmentBlob,
    AttachmentKind,
    AuditEvent,
    Request,
    RequestKind,
    RequestPerson,
)
from portal.workflow import Status
from tests.conftest import login
from tests.filing_helpers import PNG_BYTES, location_id, small_pdf, start_request, upload


def _draft(client, make):
    case = make.case(departure=date.today() + timedelta(days=40))
    return location_id(start_request(client, case.id, "departure"), r"/requests/(\d+)/"), case


def test_fake_pdf_name_with_png_content_is_stored_as_png(client, login_as, english, make, app):
    login_as("caseworker")
    request_id, _case = _draft(client, make)
    r = upload(client, request_id, "passport", "../../etc/pas\x07sport.pdf", PNG_BYTES)
    assert r.status_code == 302
    with app.app_context():
        attachment = db.session.scalar(select(Attachment))
        assert attachment.content_type == "image/png"
        assert attachment.original_name == "passport.pdf"  # no path, no control character
        assert len(attachment.stored_name) == 32
        assert len(attachment.sha256) == 64


def test_text_file_renamed_pdf_is_refused_with_a_message(client, login_as, english, make, app):
    login_as("caseworker")
    request_id, _case = _draft(client, make)
    r = upload(client, request_id, "waiver", "waiver.pdf", b"just some text, not a PDF")
    assert r.status_code == 200
    assert "Only PDF, JPEG and PNG files can be uploaded" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Attachment)) is None


def test_oversize_upload_gets_the_friendly_page(client, login_as, english, make, app):
    login_as("caseworker")
    request_id, _case = _draft(client, make)
    token = client.csrf_token(f"/municipality/requests/{request_id}/steps/attachments")
    old = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 5000
    try:
        r = client.post(f"/municipality/requests/{request_id}/steps/attachments",
                        data={"csrf_token": token, "kind": "other",
                              "file": (io.BytesIO(b"%PDF-" + b"0" * 9000), "big.pdf")},
                        content_type="multipart/form-data")
    finally:
        app.config["MAX_CONTENT_LENGTH"] = old
    assert r.status_code == 413
    assert "The file is too large" in r.get_data(as_text=True)


def test_delete_attachment_while_draft(client, login_as, english, make, app):
    login_as("caseworker")
    request_id, _case = _draft(client, make)
    upload(client, request_id, "other", "scan.pdf", small_pdf())
    with app.app_context():
        attachment_id = db.session.scalar(select(Attachment.id))
    r = client.form_post(
        f"/municipality/requests/{request_id}/attachments/{attachment_id}/delete", {},
        page=f"/municipality/requests/{request_id}/steps/attachments", follow_redirects=True)
    assert "The document has been removed." in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Attachment, attachment_id) is None


@pytest.fixture
def foreign(make, app):
    """A case of København (101) with a draft request, a waiver and an 'other' attachment."""
    case = make.case(municipality_code="101")
    with app.app_context():
        req = Request(case_id=case.id, municipality_id=case.municipality_id,
                      kind=RequestKind.DEPARTURE)
        req.participants.append(RequestPerson(person_id=case.persons[0].id))
        db.session.add(req)
        db.session.flush()
        ids = {}
        for kind in (AttachmentKind.WAIVER, AttachmentKind.OTHER):
            attachment = Attachment(case_id=case.id, request_id=req.id, kind=kind,
                                    original_name="x.pdf", stored_name=f"{kind.value:0<32}",
                                    content_type="application/pdf", size=10, sha256="0" * 64)
            attachment.blob = AttachmentBlob(data=b"%PDF-1.4 x")
            db.session.add(attachment)
            db.session.flush()
            ids[kind.value] = attachment.id
        db.session.commit()
        return {"case": case.id, "request": req.id, **ids}


def _submit(app, request_id):
    with app.app_context():
        db.session.get(Request, request_id).status = Status.SUBMITTED
        db.session.commit()
        db.session.remove()


def _denied_count(app):
    with app.app_context():
        return len(db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "access_denied")).all())


def test_foreign_case_request_pdf_and_attachment_answer_404_and_are_audited(
        client, login_as, english, foreign, app):
    login_as("caseworker", municipality_code="751")
    urls = [f"/municipality/cases/{foreign['case']}",
            f"/municipality/requests/{foreign['request']}/steps/travellers",
            f"/municipality/requests/{foreign['request']}/check",
            f"/documents/requests/{foreign['request']}/",
            f"/documents/requests/{foreign['request']}/departure-1.pdf",
            f"/documents/attachments/{foreign['waiver']}"]
    for n, url in enumerate(urls, start=1):
        response = client.get(url)
        assert response.status_code == 404, url
        assert _denied_count(app) == n, url


def test_drc_gets_the_waiver_but_not_other_attachments_nor_pdfs(client, make, foreign, app):
    drc = make.user("drc_adviser")
    login(client, drc.email)
    _submit(app, foreign["request"])  # DRC sees nothing of a draft (test_security_round2.py)
    waiver = client.get(f"/documents/attachments/{foreign['waiver']}")
    assert waiver.status_code == 200
    assert waiver.data.startswith(b"%PDF-")
    assert "x.pdf" not in waiver.headers["Content-Disposition"]
    assert client.get(f"/documents/attachments/{foreign['other']}").status_code == 404
    assert client.get(f"/documents/requests/{foreign['request']}/departure-1.pdf"
                      ).status_code == 404
    assert _denied_count(app) == 2


def test_agency_downloads_pdf_and_it_is_audited(client, make, foreign, app):
    agency = make.user("agency")
    login(client, agency.email)
    _submit(app, foreign["request"])  # a draft is the municipality's (test_security_round2.py)
    response = client.get(f"/documents/requests/{foreign['request']}/departure-1.pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF-")
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEvent.action)))
    assert "download_pdf" in actions
