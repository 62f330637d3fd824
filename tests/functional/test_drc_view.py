"""DRC's read-only view: find a case, see shared milestones only, CPR masked, every look-up
audited without the name, and every write refused."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, NoteVisibility, Request, StatusEvent
from portal.workflow import Status
from tests.agency_helpers import make_request


def _add_internal_note(app, made, text):
    with app.app_context():
        req = db.session.get(Request, made.request_id)
        req.events.append(StatusEvent(actor_id=made.agency.id, from_status=req.status,
                                      to_status=req.status, note=text,
                                      visibility=NoteVisibility.INTERNAL))
        db.session.commit()
        db.session.remove()


def _look_up(client, made) -> None:
    """DRC opens a case only after a look-up in the same session found it."""
    client.form_post("/drc/", {"reference": made.reference}, follow_redirects=True)


def test_drc_finds_a_case_by_reference_and_the_lookup_is_audited(app, client, make,
                                                                 login_as, english):
    adviser = login_as("drc_adviser")
    made = make_request(app, make, status=Status.IN_REVIEW)
    response = client.form_post("/drc/", {"reference": made.reference.lower()},
                                follow_redirects=True)
    text = response.get_data(as_text=True)
    assert f"/drc/cases/{made.case_id}" in text
    assert "In review" in text
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "drc_lookup", AuditEvent.user_id == adviser.id)).all()
        assert len(rows) == 1
        assert rows[0].detail == "by=reference results=1"
        assert rows[0].organisation == "drc"


def test_drc_finds_a_case_by_name_and_birth_date_and_the_name_is_not_logged(
        app, client, make, login_as, english):
    login_as("drc_adviser")
    made = make_request(app, make, family=True)
    other = make_request(app, make)  # Omar Haddad, another birth date
    text = client.form_post("/drc/", {"name": "Lina Al-Hassan", "birth_date": "1987-11-20"},
                            follow_redirects=True).get_data(as_text=True)
    assert made.reference in text
    assert other.reference not in text
    miss = client.form_post("/drc/", {"name": "Lina Al-Hassan", "birth_date": "1987-11-21"},
                            follow_redirects=True)
    assert "No case was found" in miss.get_data(as_text=True)
    with app.app_context():
        details = db.session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "drc_lookup")).all()
        # Every look-up is logged, also the repeat when the result page is shown again.
        assert set(details) == {"by=name_and_birth_date results=1",
                                "by=name_and_birth_date results=0"}
        assert details[-1] == "by=name_and_birth_date results=0"
        assert not any("Lina" in d for d in details)


def test_drc_search_needs_both_name_and_birth_date(app, client, login_as, english):
    login_as("drc_adviser")
    text = client.form_post("/drc/", {"name": "Omar"},
                            follow_redirects=True).get_data(as_text=True)
    assert "Enter the birth date together with the name." in text
    text = client.form_post("/drc/", {"name": "Æblø عمر", "birth_date": "30-02-2020"},
                            follow_redirects=True)
    assert text.status_code == 200
    assert "There is a problem" in text.get_data(as_text=True)


def test_drc_case_page_shows_shared_milestones_but_never_internal_notes_and_masks_cpr(
        app, client, make, login_as, english):
    login_as("drc_adviser")
    made = make_request(app, make, status=Status.AWAITING_MUNICIPALITY)
    _add_internal_note(app, made, "Internal: check the passport with NIDC first.")
    _look_up(client, made)
    response = client.get(f"/drc/cases/{made.case_id}")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Awaiting the municipality" in text
    # The shared question, a standard note: in the adviser's language (issue 17, point 2).
    assert "Please upload the signed waiver declaration for both adults." in text
    assert "Upload venligst" not in text
    assert "NIDC" not in text
    assert "Received" in text  # a milestone stays visible, whatever its note
    assert "170580-xxxx" in text
    assert "170580-1234" not in text
    assert "<form method=\"post\"" not in text.split("<main")[1].split("</main>")[0]


def test_a_status_change_with_an_internal_note_shows_the_status_but_not_the_note(
        app, client, make, login_as, english):
    login_as("drc_adviser")
    made = make_request(app, make, status=Status.IN_REVIEW)
    with app.test_request_context():
        from portal.models import User
        from portal.services.processing import actions

        req = db.session.get(Request, made.request_id)
        actions.approve(req, db.session.get(User, made.agency.id),
                           expected_version=req.version_id, shared=False,
                           note="Internal: the family's file had a gap.")
        db.session.commit()
        db.session.remove()
    _look_up(client, made)
    text = client.get(f"/drc/cases/{made.case_id}").get_data(as_text=True)
    assert "<strong>Approved</strong>" in text
    assert "gap" not in text


def test_drc_posts_are_refused_everywhere(app, client, make, login_as):
    login_as("drc_adviser")
    made = make_request(app, make, status=Status.SUBMITTED)
    url = f"/agency/requests/{made.request_id}"
    for target in (f"{url}/actions/receive", f"{url}/assign-to-me", "/agency/rebooking",
                   "/agency/payouts/1/paid", f"{url}/payout/1"):
        response = client.form_post(target, {"version": "1"}, page="/drc/")
        assert response.status_code == 403, target
    assert client.post(f"/drc/cases/{made.case_id}").status_code == 405
    with app.app_context():
        assert db.session.get(Request, made.request_id).status is Status.SUBMITTED
        db.session.remove()


def test_drc_case_page_answers_404_for_an_unknown_case_or_a_draft(app, client, make,
                                                                    login_as, english):
    login_as("drc_adviser")
    assert client.get("/drc/cases/999999").status_code == 404
    draft = make_request(app, make, status=Status.DRAFT)
    assert client.get(f"/drc/cases/{draft.case_id}").status_code == 404
    text = client.form_post("/drc/", {"reference": draft.reference},
                            follow_redirects=True).get_data(as_text=True)
    assert "No case was found" in text


def test_drc_sees_the_waiver_and_in325_links_but_not_other_documents(app, client, make,
                                                                     login_as, english):
    from portal.models import Attachment, AttachmentBlob, AttachmentKind

    login_as("drc_adviser")
    made = make_request(app, make, status=Status.APPROVED)
    with app.app_context():
        for n, kind in enumerate((AttachmentKind.WAIVER, AttachmentKind.IN325,
                                  AttachmentKind.PASSPORT)):
            item = Attachment(case_id=made.case_id, request_id=made.request_id, kind=kind,
                              original_name=f"{kind.value}.pdf", stored_name=f"s{n}{made.case_id}",
                              content_type="application/pdf", size=4, sha256="0" * 64)
            item.blob = AttachmentBlob(data=b"%PDF")
            db.session.add(item)
        db.session.commit()
        db.session.remove()
    _look_up(client, made)
    text = client.get(f"/drc/cases/{made.case_id}").get_data(as_text=True)
    assert "Signed waiver declaration</a>" in text
    assert "Report of the decision on assistance (IN 325)</a>" in text
    assert "Passport" not in text
    assert ".pdf" not in text  # the kind and date only, never a file name (issue 18)


def test_drc_search_terms_never_appear_in_a_url(app, client, make, login_as):
    login_as("drc_adviser")
    response = client.form_post("/drc/", {"name": "Lina Al-Hassan", "birth_date": "1987-11-20"})
    assert response.status_code == 302
    assert "Lina" not in response.headers["Location"]
    assert "1987" not in response.headers["Location"]
