"""Issue 17.7: the contacts are data admins edit; the contacts page and the footer read them."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Contact
from tests.conftest import login


def _agency_contact(app) -> Contact:
    with app.app_context():
        return db.session.scalar(select(Contact).where(Contact.key == "agency"))


def _form(contact: Contact, **changes) -> dict:
    data = {name: getattr(contact, name) for name in (
        "name_da", "name_en", "purpose_da", "purpose_en", "phone", "phone_label_da",
        "phone_label_en", "email", "address", "note_da", "note_en")}
    return {**data, **changes}


def test_the_contacts_are_seeded_in_danish_and_shown_in_english_too(app, login_as, client):
    login_as("caseworker")
    html = client.get("/contacts").get_data(as_text=True)
    for text in ("Hjemrejsestyrelsen", "30 65 78 40", "repatriering@hjemst.dk",
                 "Nationalt ID-center", "61 98 39 00", "rådgivningsteam", "33 73 50 00"):
        assert text in html
    client.form_post("/language", {"lang": "en", "next": "/"}, page="/contacts")
    html = client.get("/contacts").get_data(as_text=True)
    assert "The Danish Return Agency" in html
    assert "Hotline for municipal staff" in html


def test_an_admin_edits_a_contact_and_every_page_shows_it_audited(app, make, login_as,
                                                                   client, english):
    admin = login_as("admin")
    contact = _agency_contact(app)
    listing = client.get("/admin/contacts").get_data(as_text=True)
    assert "DRC Danish Refugee Council, advice team" in listing  # in the reader's language
    assert "Flygtningehjælp" not in listing
    response = client.form_post(f"/admin/contacts/{contact.id}", _form(
        contact, phone="30 65 78 99", name_en="Return Agency hotline"))
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Contact, contact.id)
        assert (saved.phone, saved.updated_by_id, saved.version_id) == (
            "30 65 78 99", admin.id, contact.version_id + 1)
        assert db.session.scalar(select(AuditEvent.detail).where(
            AuditEvent.action == "contact.updated")) == "contact=agency"
    caseworker = make.user("caseworker")
    client.post("/logout", data={"csrf_token": client.csrf_token("/admin/contacts")})
    login(client, caseworker.email)
    html = client.get("/contacts").get_data(as_text=True)
    assert "Return Agency hotline" in html
    assert 'href="tel:+4530657899"' in html  # the contact card and the footer
    assert html.count("30 65 78 99") >= 2
    error_page = client.get("/no-such-page").get_data(as_text=True)
    assert "30 65 78 40" not in error_page
    assert error_page.count("30 65 78 99") >= 2  # the error page's help line and the footer


def test_bad_contact_input_is_explained_and_what_was_typed_is_kept(app, login_as, client,
                                                                   english):
    login_as("admin")
    contact = _agency_contact(app)
    response = client.form_post(f"/admin/contacts/{contact.id}", _form(
        contact, name_da="", email="not an address", phone="call us"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter the Danish name." in html
    assert "Enter a valid e-mail address." in html
    assert "Write the number with digits and spaces only" in html
    assert 'value="not an address"' in html
    assert _agency_contact(app).phone == "30 65 78 40"
