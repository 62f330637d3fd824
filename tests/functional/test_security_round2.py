"""The second security round (issue 18): one test per finding, named after it."""

from __future__ import annotations

import importlib
import inspect
import io
import json
import os
import pkgutil
import re
import socket
import subprocess
import sys
import time
import urllib.request
import zlib
from datetime import date, timedelta
from pathlib import Path

import portal.forms
import pytest
from flask_wtf import FlaskForm
from PIL import Image
from portal.forms.base import PortalForm
from pypdf import PdfWriter
from sqlalchemy import func, select

from portal import workflow
from portal.db import like_pattern
from portal.demo import DEMO_PASSWORD
from portal.extensions import db, limiter
from portal.models import (
    Attachment,
    AttachmentBlob,
    AttachmentKind,
    AuditEvent,
    MeetingRequest,
    NewsletterIssue,
    NoteVisibility,
    Relation,
    Request,
    StatusEvent,
    User,
    UserSession,
)
from portal.rules import mask_cpr_in_text, mentions_cpr
from portal.security import MAX_PAGE, page_number
from portal.services.accounts import passwords
from portal.services.filing import file_checks
from portal.workflow import Status
from tests import factories
from tests.agency_helpers import load, make_request
from tests.conftest import login
from tests.factories import PASSWORD
from tests.filing_helpers import PNG_BYTES, location_id, small_pdf, start_request, upload

FORTY_DIGITS = "9" * 40


# --- finding 9: control characters and out-of-range input ----------------------------------

def _form_classes():
    for info in pkgutil.iter_modules(portal.forms.__path__):
        module = importlib.import_module(f"portal.forms.{info.name}")
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, FlaskForm) and value.__module__ == module.__name__:
                yield value


def test_finding_9_every_form_of_the_portal_is_a_portal_form():
    classes = list(_form_classes())
    assert len(classes) > 20
    assert [c.__name__ for c in classes if not issubclass(c, PortalForm)] == []


def test_finding_9_newsletter_title_with_a_line_break_is_refused(app, client, login_as,
                                                                 english):
    login_as("agency")
    response = client.form_post("/newsletter/manage/new", {
        "number": "4", "year": "2026", "title": "Autumn\r\nBcc: everyone@example.dk",
        "sections-0-heading": "News", "sections-0-body_md": "Line one\r\n\r\nLine two"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Write this on one line" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NewsletterIssue)) == 0


def test_finding_9_text_areas_keep_line_breaks_and_refuse_other_control_characters(
        app, client, login_as, english):
    login_as("caseworker")
    response = client.form_post("/meetings/new", {"topic": "Flexible payment",
                                                  "preferred_times": "Tuesday\r\n\tWednesday"})
    assert response.status_code == 302
    response = client.form_post("/meetings/new", {"topic": "Other",
                                                  "preferred_times": "Tuesday\x1b[31m"})
    assert "Remove the control characters" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(MeetingRequest.preferred_times)).all() == [
            "Tuesday\r\n\tWednesday"]


def test_finding_9_next_with_a_line_break_goes_back_to_the_queue(app, client, make, login_as):
    me = login_as("agency")
    free = make_request(app, make, status=Status.SUBMITTED)
    version = load(app, free.request_id)["version"]
    response = client.form_post(f"/agency/requests/{free.request_id}/assign-to-me",
                                {"version": version,
                                 "next": "/agency/?view=mine\r\nSet-Cookie: x=1"},
                                page="/agency/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/agency/"
    assert load(app, free.request_id)["assignee_id"] == me.id


@pytest.mark.parametrize(("role", "url", "shown"), [
    ("caseworker", "/newsletter/", "newsletter"),
    ("agency", "/newsletter/manage", "newsletter"),
    ("caseworker", "/meetings", "meeting"),
    ("caseworker", "/municipality/", "case"),
    ("admin", "/admin/audit", "audit"),
])
@pytest.mark.parametrize("page", [FORTY_DIGITS, "-1", "abc", "¹", "1e5"])
def test_finding_9_page_numbers_out_of_range_are_clamped(client, login_as, english, role, url,
                                                         shown, page):
    login_as(role)
    response = client.get(url, query_string={"page": page})
    assert response.status_code == 200
    assert shown in response.get_data(as_text=True).lower()


def test_finding_9_page_number_is_clamped_to_the_last_page(app):
    with app.test_request_context("/?page=" + FORTY_DIGITS):
        assert page_number() == MAX_PAGE
    for text, page in (("", 1), ("0", 1), ("7", 7), ("-3", 1), ("٣", 1), (" 12 ", 12),
                       ("10001", MAX_PAGE)):
        with app.test_request_context("/"):
            assert page_number(text) == page, text


# --- finding 13: the CSRF error page shows a fixed message ----------------------------------

def test_finding_13_csrf_error_page_shows_no_posted_field(client, login_as, english):
    login_as("caseworker")
    response = client.post("/municipality/cases/new", data={
        "csrf_token": "forged", "full_name": "Amal Nasser", "cpr": "030288-4561",
        "note": "Særlig bemærkning"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The form had expired" in body
    assert "Go back to the form, reload the page and send it again." in body
    for posted in ("Amal Nasser", "030288-4561", "0302884561", "Særlig bemærkning"):
        assert posted not in body


# --- finding 8: internal notes leave no trace outside the agency ----------------------------

def _add_note(app, made, text, visibility):
    with app.app_context():
        req = db.session.get(Request, made.request_id)
        req.events.append(StatusEvent(actor_id=made.agency.id, from_status=req.status,
                                      to_status=req.status, note=text, visibility=visibility))
        db.session.commit()
        db.session.remove()


def _drc_look_up(client, made) -> None:
    """DRC opens a case only after a look-up in the same session found it (finding 7)."""
    client.form_post("/drc/", {"reference": made.reference}, follow_redirects=True)


def _timeline_entries(html: str) -> list[str]:
    timelines = re.findall(r'<ol class="timeline">(.*?)</ol>', html, flags=re.S)
    return [entry for timeline in timelines for entry in re.findall(r"<li>(.*?)</li>", timeline,
                                                                    flags=re.S)]


def test_finding_8_internal_notes_are_left_out_of_the_municipalitys_history_and_drcs(
        app, client, make, english):
    made = make_request(app, make, status=Status.IN_REVIEW)
    _add_note(app, made, "Internal: check the passport again", NoteVisibility.INTERNAL)
    _add_note(app, made, "Shared: the passport arrived", NoteVisibility.SHARED)
    with app.app_context():
        statuses = len(db.session.get(Request, made.request_id).events) - 2
    login(client, made.caseworker.email)
    for page in (f"/municipality/cases/{made.case_id}", f"/drc/cases/{made.case_id}"):
        if page.startswith("/drc/"):
            client.post("/logout", data={"csrf_token": client.csrf_token("/account")})
            login(client, make.user("drc_adviser").email)
            _drc_look_up(client, made)
        html = client.get(page).get_data(as_text=True)
        entries = _timeline_entries(html)
        notes = [entry for entry in entries if "<strong>Note</strong>" in entry]
        assert len(entries) == statuses + 1, page
        assert len(notes) == 1, page
        assert "Shared: the passport arrived" in notes[0]
        assert "Internal" not in html


# --- finding 1: DRC never reads a CPR number in free text ------------------------------------

def _attach(app, made, kind, name):
    with app.app_context():
        item = Attachment(case_id=made.case_id, request_id=made.request_id, kind=kind,
                          original_name=name, stored_name=f"r2-{made.case_id}-{kind.value}",
                          content_type="application/pdf", size=4, sha256="0" * 64)
        item.blob = AttachmentBlob(data=b"%PDF")
        db.session.add(item)
        db.session.commit()
        item_id = item.id
        db.session.remove()
    return item_id


def test_finding_1_drc_sees_the_kind_and_date_of_an_upload_never_its_file_name(
        app, client, make, login_as, english):
    login_as("drc_adviser")
    made = make_request(app, make, status=Status.APPROVED)
    item_id = _attach(app, made, AttachmentKind.WAIVER, "Frafald Omar 1204831234.pdf")
    _drc_look_up(client, made)
    html = client.get(f"/drc/cases/{made.case_id}").get_data(as_text=True)
    assert re.search(rf'href="[^"]*/attachments/{item_id}">Signed waiver declaration</a>, '
                     r"uploaded \d", html)
    assert "1204831234" not in html
    assert "Frafald" not in html


def test_finding_1_cpr_in_a_shared_note_is_masked_for_drc(app, client, make, login_as,
                                                          english):
    login_as("drc_adviser")
    made = make_request(app, make, status=Status.IN_REVIEW)
    _add_note(app, made, "CPR 080895-1235 and 1204831234, case 12345678901",
              NoteVisibility.SHARED)
    _drc_look_up(client, made)
    html = client.get(f"/drc/cases/{made.case_id}").get_data(as_text=True)
    assert "CPR 080895-xxxx and 120483-xxxx, case 12345678901" in html
    assert "1235" not in html
    assert "1204831234" not in html


def test_finding_1_mask_cpr_in_text_masks_every_cpr_shaped_number():
    assert mask_cpr_in_text("a 080895-1235, b 0808951235; c 080895 1235") == (
        "a 080895-xxxx, b 080895-xxxx; c 080895 1235")
    assert mask_cpr_in_text("x12080895-1235 080895-12355") == "x12080895-1235 080895-12355"
    assert mentions_cpr("Barnets CPR: 0808951235")
    assert not mentions_cpr("Ref. R-2026-000123, tlf. 30657840")


def test_finding_1_a_cpr_typed_into_a_note_asks_before_saving(app, client, make, english):
    made = make_request(app, make, status=Status.AWAITING_MUNICIPALITY)
    login(client, made.caseworker.email)
    page = f"/municipality/cases/{made.case_id}"
    answer = f"/municipality/requests/{made.request_id}/answer"
    text = "Barnets CPR er 0808951235"
    first = client.form_post(answer, {"answer": text}, page=page)
    body = first.get_data(as_text=True)
    assert "looks like a CPR number" in body
    assert text in body  # what was typed is kept
    assert load(app, made.request_id)["status"] is Status.AWAITING_MUNICIPALITY
    other = client.form_post(answer, {"answer": "Another text 0808951235"}, page=page)
    assert "looks like a CPR number" in other.get_data(as_text=True)
    second = client.form_post(answer, {"answer": text}, page=page)
    assert second.status_code == 302
    with app.app_context():
        req = db.session.get(Request, made.request_id)
        assert req.status is Status.IN_REVIEW
        assert req.events[-1].note == text


# --- finding 6: DRC downloads only from a case with a submitted request --------------------

def test_finding_6_drc_cannot_download_the_waiver_of_a_draft(app, client, make, login_as):
    login_as("drc_adviser")
    made = make_request(app, make, status=Status.DRAFT)
    item_id = _attach(app, made, AttachmentKind.WAIVER, "waiver.pdf")
    response = client.get(f"/documents/attachments/{item_id}")
    assert response.status_code == 404
    assert b"%PDF" not in response.data
    with app.app_context():
        denied = db.session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "access_denied")).all()
        assert denied == [f"download_attachment attachment={item_id}"]
        req = db.session.get(Request, made.request_id)
        workflow.transition(req, Status.SUBMITTED, req.created_by)
        db.session.commit()
        db.session.remove()
    response = client.get(f"/documents/attachments/{item_id}")
    assert response.status_code == 200
    assert response.data == b"%PDF"


# --- finding 12: a draft is the municipality's until it is submitted ----------------------

def test_finding_12_agency_cannot_open_a_draft_nor_act_on_it(app, client, make, login_as,
                                                             english):
    login_as("agency")
    made = make_request(app, make, status=Status.DRAFT)
    item_id = _attach(app, made, AttachmentKind.PASSPORT, "passport.pdf")
    urls = [f"/agency/requests/{made.request_id}",
            f"/documents/requests/{made.request_id}/",
            f"/documents/requests/{made.request_id}/departure-1.pdf",
            f"/documents/attachments/{item_id}"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.get_data(as_text=True), url
    for name in ("receive", "note", "assign", "obstacle"):
        response = client.post(f"/agency/requests/{made.request_id}/actions/{name}",
                               data={f"{name}-csrf_token": client.csrf_token("/agency/"),
                                     f"{name}-version": "1", f"{name}-note": "x"})
        assert response.status_code == 404, name
    with app.app_context():
        denied = db.session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "access_denied").order_by(AuditEvent.id)).all()
        assert len(denied) == len(urls) + 4
        assert denied[-1] == f"process_request request={made.request_id}"
        assert db.session.get(Request, made.request_id).status is Status.DRAFT
        assert len(db.session.get(Request, made.request_id).events) == 0
    queue = client.get("/agency/").get_data(as_text=True)
    assert f"/agency/requests/{made.request_id}" not in queue


# --- finding 5: weak passwords are refused with a reason ----------------------------------

@pytest.mark.parametrize("weak", ["password1234", "qwertyuiop123", "Password2026"])
def test_finding_5_weak_passwords_are_refused_and_the_page_says_why(app, client, login_as,
                                                                   english, weak):
    user = login_as("caseworker")
    response = client.form_post("/account/password", {
        "current_password": PASSWORD, "new_password": weak, "confirm": weak})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This password is too easy to guess." in html
    assert "Add another word or two. Uncommon words are better." in html
    with app.app_context():
        stored = db.session.get(User, user.id).password_hash
        assert passwords.verify_password(stored, PASSWORD)


def test_finding_5_the_users_name_and_the_portals_words_count_as_guessable():
    assert passwords.password_problems("KarolineVestergaard", name="Karoline Vestergaard",
                                       email="kave@aarhus.dk")
    assert passwords.password_problems("Repatriering2026")
    assert passwords.password_problems("x" * 100)  # longer than zxcvbn reads: no error


@pytest.mark.parametrize("good", [factories.PASSWORD, DEMO_PASSWORD,
                                  "A calm blue lake at dawn", "Æblegrød med kanel og fløde"])
def test_finding_5_the_demo_and_test_passwords_and_passphrases_pass(good):
    assert passwords.password_problems(good, email="aarhus@demo.test",
                                       name="Anne Aarhus") == []


def test_finding_5_the_reason_is_in_danish_by_default(client, login_as):
    login_as("caseworker")
    response = client.form_post("/account/password", {
        "current_password": PASSWORD, "new_password": "password1234",
        "confirm": "password1234"})
    assert "Adgangskoden er for let at gætte." in response.get_data(as_text=True)


# --- finding 15: small leaks ----------------------------------------------------------------

def test_finding_15_like_wildcards_are_searched_literally():
    assert like_pattern("50%_off\\") == "%50\\%\\_off\\\\%"


def test_finding_15_wildcards_in_the_municipalitys_search_match_only_themselves(
        app, client, make, login_as, english):
    user = login_as("caseworker")
    case = make.case(created_by=None)
    listed = re.compile(r'href="/municipality/cases/(\d+)"')

    def search(q):
        response = client.form_post("/municipality/", {"q": q})
        return {int(n) for n in listed.findall(client.get(response.headers["Location"])
                                               .get_data(as_text=True))}

    assert user.municipality_id is not None
    assert search("omar") == {case.id}
    assert search("_mar") == set()
    assert search("%") == set()
    assert search("om%dad") == set()


def test_finding_15_wildcards_in_drcs_look_up_match_only_themselves(app, client, make,
                                                                   login_as, english):
    login_as("drc_adviser")
    made = make_request(app, make, status=Status.SUBMITTED)
    found = re.compile(r'href="/drc/cases/(\d+)"')

    def look_up(name):
        response = client.form_post("/drc/", {"name": name, "birth_date": "1980-05-17"},
                                    follow_redirects=True)
        return {int(n) for n in found.findall(response.get_data(as_text=True))}

    assert look_up("Omar Haddad") == {made.case_id}
    assert look_up("%") == set()
    assert look_up("Om_r Haddad") == set()


def test_finding_15_a_large_post_without_a_file_is_not_told_about_files(app, client,
                                                                        login_as, english):
    login_as("caseworker")
    token = client.csrf_token("/meetings")
    old = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 5000
    try:
        response = client.post("/meetings/new", data={
            "csrf_token": token, "topic": "Topic", "preferred_times": "x" * 9000})
    finally:
        app.config["MAX_CONTENT_LENGTH"] = old
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "What you sent is too large" in html
    assert "file" not in html.split("<main", 1)[-1].split("</main>", 1)[0].lower()


def test_finding_15_gunicorn_with_the_portals_settings_sends_no_server_header(tmp_path):
    root = Path(__file__).resolve().parents[2]
    (tmp_path / "tiny.py").write_text(
        "def app(environ, start_response):\n"
        "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
        "    return [b'ok']\n")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PORT": str(port), "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "1",
           "GUNICORN_PRELOAD": "0"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(root / "gunicorn.conf.py"),
         "--chdir", str(tmp_path), "tiny:app"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as reply:
                    headers, body = reply.headers, reply.read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert body == b"ok"
    assert headers.get("Date")
    assert headers.get("Server") is None


# --- finding 11: uploads are parsed whole before they are stored ----------------------------

def _pdf(*, content: bytes = b"BT ET", catalog: bytes = b"", compress: bool = True) -> bytes:
    """A one-page PDF written by hand, so a test can put in it what no PDF tool would."""
    stream = zlib.compress(content, 9) if compress else content
    filters = b"/Filter /FlateDecode " if compress else b""
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R >>",
        b"<< " + filters + b"/Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(bodies) + 1, xref))
    return out.getvalue()


def _pdf_of_pages(pages: int, *, password: str = "") -> bytes:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(100, 100)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _png_of(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


BAD_UPLOADS = {
    "pdf_then_html": (b"%PDF-1.7\n<html><script>alert(1)</script></html>", "cannot be read"),
    "png_then_html": (b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
                      "cannot be read"),
    "jpeg_then_html": (b"\xff\xd8\xff\xe0<html></html>", "cannot be read"),
    "encrypted": (_pdf_of_pages(1, password="secret"), "protected with a password"),
    "open_action_javascript": (
        _pdf(catalog=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "),
        "contains a script"),
    "names_tree_javascript": (_pdf(catalog=b"/Names << /JavaScript << /Names [(a) 5 0 R] >> >> "),
                              "contains a script"),
    "launch_action": (_pdf(catalog=b"/OpenAction << /S /Launch /F (cmd.exe) >> "),
                      "contains a script"),
    "201_pages": (_pdf_of_pages(201), "201 pages; at most 200"),
}


@pytest.mark.parametrize("name", list(BAD_UPLOADS))
def test_finding_11_uploads_that_are_not_what_they_claim_are_refused_and_not_stored(
        app, client, login_as, english, make, name):
    data, message = BAD_UPLOADS[name]
    login_as("caseworker")
    case = make.case(departure=date.today() + timedelta(days=40))
    request_id = location_id(start_request(client, case.id, "departure"), r"/requests/(\d+)/")
    response = upload(client, request_id, "waiver", "waiver.pdf", data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_finding_11_a_pdf_that_inflates_beyond_the_limit_is_refused(app, monkeypatch):
    monkeypatch.setattr(file_checks, "MAX_PDF_INFLATED_BYTES", 1024 * 1024)
    with app.test_request_context():
        file_checks.check(_pdf(content=b" " * 1000_000), "application/pdf")
        bomb = _pdf(content=b" " * 2_000_000)
        assert len(bomb) < 5000
        with pytest.raises(file_checks.FileRefused, match=r"\b1 MB"):
            file_checks.check(bomb, "application/pdf")


def test_finding_11_an_image_beyond_the_pixel_limit_is_refused(app, monkeypatch):
    monkeypatch.setattr(file_checks, "MAX_IMAGE_PIXELS", 1_000_000)
    with app.test_request_context():
        file_checks.check(_png_of(1000, 1000), "image/png")
        with pytest.raises(file_checks.FileRefused, match=r"\b1 megapixel"):
            file_checks.check(_png_of(1001, 1000), "image/png")


def test_finding_11_real_documents_and_images_pass(app):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "JPEG")
    with app.test_request_context():
        file_checks.check(small_pdf(), "application/pdf")
        file_checks.check(_pdf_of_pages(200), "application/pdf")
        file_checks.check(PNG_BYTES, "image/png")
        file_checks.check(buffer.getvalue(), "image/jpeg")


# --- finding 10: search terms stay on the server ------------------------------------------

def _cookie_session(app, client) -> dict:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def test_finding_10_search_terms_are_kept_server_side_not_in_the_cookie(app, client, make,
                                                                        login_as, english):
    login_as("drc_adviser")
    made = make_request(app, make, status=Status.SUBMITTED)
    response = client.form_post("/drc/", {"name": "Omar Haddad", "birth_date": "1980-05-17"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"/drc/cases/{made.case_id}" in page
    assert 'value="Omar Haddad"' in page
    cookie = json.dumps(_cookie_session(app, client))
    assert "Omar" not in cookie
    assert "1980" not in cookie
    with app.app_context():
        rows = db.session.scalars(select(UserSession.search_terms)).all()
        assert rows == [{"drc": {"name": "Omar Haddad", "birth_date": "1980-05-17"},
                         "drc:found": [made.case_id]}]
    client.post("/logout", data={"csrf_token": client.csrf_token("/account")})
    with app.app_context():
        assert db.session.scalars(select(UserSession.search_terms)).all() == []


# --- finding 7: DRC cannot enumerate cases --------------------------------------------------

def test_finding_7_a_look_up_needs_the_full_name_case_and_accents_ignored(app, client, make,
                                                                         login_as, english):
    login_as("drc_adviser")
    made = make_request(app, make, status=Status.SUBMITTED, persons=[
        {"full_name": "Søren Ærø-Jensen", "birth_date": date(1980, 5, 17),
         "relation": Relation.APPLICANT, "cpr": "1705801234"}])
    found = re.compile(r'href="/drc/cases/(\d+)"')

    def look_up(name):
        response = client.form_post("/drc/", {"name": name, "birth_date": "1980-05-17"},
                                    follow_redirects=True)
        return {int(n) for n in found.findall(response.get_data(as_text=True))}

    for name in ("Søren Ærø-Jensen", "soren aero jensen", "SØREN  ÆRØ JENSEN",
                 "Sören Ærø Jensen"):
        assert look_up(name) == {made.case_id}, name
    for name in ("S", "Søren", "Ærø-Jensen", "Søren Ærø-Jense"):
        assert look_up(name) == set(), name


def test_finding_7_look_ups_are_rate_limited_per_adviser(app, client, login_as, english):
    login_as("drc_adviser")
    app.config.update(RATELIMIT_ENABLED=True, DRC_LOOKUP_LIMIT="3 per minute")
    limiter.reset()
    try:
        answers = [client.form_post("/drc/", {"reference": f"R-2026-00000{n}"}).status_code
                   for n in range(4)]
        refused = client.form_post("/drc/", {"reference": "R-2026-000009"})
    finally:
        app.config.update(RATELIMIT_ENABLED=False)
        limiter.reset()
    assert answers == [302, 302, 302, 429]
    assert "Too many attempts" in refused.get_data(as_text=True)


def test_finding_7_drc_opens_a_case_only_after_a_look_up_found_it(app, client, make,
                                                                  login_as, english):
    login_as("drc_adviser")
    made = make_request(app, make, status=Status.SUBMITTED)
    other = make_request(app, make, status=Status.SUBMITTED)
    walked = client.get(f"/drc/cases/{made.case_id}")
    assert walked.status_code == 404
    assert "Page not found" in walked.get_data(as_text=True)
    _drc_look_up(client, made)
    opened = client.get(f"/drc/cases/{made.case_id}")
    assert made.reference in opened.get_data(as_text=True)
    assert client.get(f"/drc/cases/{other.case_id}").status_code == 404
    with app.app_context():
        denied = db.session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "access_denied").order_by(AuditEvent.id)).all()
    assert denied == [f"drc_case_without_lookup case={made.case_id}",
                      f"drc_case_without_lookup case={other.case_id}"]
