"""The good-to-know rules are kept once as data, shown in the user's language, editable."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import GuidanceItem
from portal.services.information import guidance


def _load(app):
    with app.app_context():
        guidance.load_from_toml()
        db.session.commit()


def test_migration_loads_the_eleven_items_from_the_content_file(app):
    # The test database is emptied between tests; loading again gives what 0003 gives.
    _load(app)
    with app.app_context():
        keys = set(db.session.scalars(select(GuidanceItem.key)))
    assert len(keys) == len(guidance.toml_items()) == 11
    assert {"baggage", "extra_baggage", "cash_declaration", "drc_documents",
            "cpr_deregistration", "routes_change", "departure_forms"} <= keys


def test_guidance_page_is_in_the_users_language(app, login_as, client, english):
    _load(app)
    login_as("caseworker")
    html = client.get("/guidance").get_data(as_text=True)
    assert "Baggage allowance" in html
    assert "<strong>23 kg</strong>" in html
    assert "Bagage" not in html


def test_agency_edits_an_item_and_the_forms_show_the_new_text(app, login_as, client, english):
    _load(app)
    login_as("agency")
    response = client.form_post("/guidance/baggage/edit", {
        "title_da": "Bagage", "body_da": "Normalt **23 kg** pr. person over 2 år.",
        "title_en": "Baggage", "body_en": "Usually **23 kg** per person over 2. <script>x</script>",
        "contexts": ["departure", "routes"], "source": "Newsletter 3/2025"},
        follow_redirects=True)
    assert "The guidance has been saved." in response.get_data(as_text=True)
    with app.app_context():
        item = db.session.scalar(select(GuidanceItem).where(GuidanceItem.key == "baggage"))
        assert item.contexts == ["departure", "routes"]
        assert item.updated_by_id is not None
        shown = guidance.text("baggage", locale="en")
    assert "Usually" in shown.body_html
    assert "<script" not in shown.body_html
    html = client.get("/routes").get_data(as_text=True)  # the routes page shows routes_change
    assert "Flight routes can change" in html


def test_guidance_text_falls_back_to_the_file_for_a_missing_row(app):
    with app.app_context():
        found = guidance.texts("cash_declaration", "no_such_key", locale="en")
    assert [g.key for g in found] == ["cash_declaration"]
    assert "10,000 euros or more" in found[0].body_html


def test_bad_guidance_input_is_explained(app, login_as, client, english):
    _load(app)
    login_as("agency")
    response = client.form_post("/guidance/baggage/edit", {
        "title_da": "", "body_da": "x", "title_en": "E" * 300, "body_en": "y",
        "contexts": ["nowhere"]})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter the Danish title." in html
    assert client.get("/guidance/unknown/edit").status_code == 404


def test_caseworkers_cannot_edit_guidance(app, login_as, client):
    _load(app)
    login_as("caseworker")
    assert client.get("/guidance/baggage/edit").status_code == 403


def test_guidance_partial_shows_the_asked_keys_in_order(app):
    from flask import render_template_string

    _load(app)
    with app.test_request_context("/"):
        html = render_template_string(
            '{% with keys=["extra_baggage", "baggage", "nope"] %}'
            '{% include "info/_guidance.html" %}{% endwith %}')
    assert html.index('id="guidance-box-extra_baggage"') < html.index('id="guidance-box-baggage"')
    assert "guidance-box-nope" not in html
