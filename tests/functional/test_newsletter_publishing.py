"""Agency staff write, preview and publish the newsletter; subscribers get an e-mail."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, NewsletterIssue, NewsletterSection
from tests.newsletter_helpers import make_issue, parse_html


def _issue_form(number="4", year="2025", title="Autumn news", sections=()):
    data = {"number": number, "year": year, "title": title}
    for index, section in enumerate(sections):
        for name, value in section.items():
            data[f"sections-{index}-{name}"] = value
    return data


def test_agency_writes_reorders_and_removes_sections_then_previews(login_as, client, app,
                                                                   english):
    login_as("agency")
    data = _issue_form(sections=[
        {"heading": "Second", "body_md": "Body two", "position": "2"},
        {"heading": "First", "body_md": "Body *one*", "position": "1"},
        {"heading": "Gone", "body_md": "Removed", "remove": "y"},
    ])
    response = client.form_post("/newsletter/manage/new", data, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Preview of a draft." in html
    assert html.index("First") < html.index("Second")
    assert "<em>one</em>" in html
    assert "Removed" not in html
    with app.app_context():
        issue = db.session.scalar(select(NewsletterIssue))
        assert issue.published_at is None
        assert [s.heading for s in issue.sections] == ["First", "Second"]


def test_add_section_button_adds_an_empty_section_and_keeps_what_was_typed(login_as, client,
                                                                           english):
    login_as("agency")
    data = _issue_form(title="Kept title ÆØÅ", sections=[{"heading": "One", "body_md": "x"}])
    data["add_section"] = "1"
    response = client.form_post("/newsletter/manage/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Kept title ÆØÅ"' in html
    assert 'name="sections-1-heading"' in html


def test_bad_input_is_shown_next_to_the_fields_without_losing_text(login_as, client, english):
    login_as("agency")
    data = _issue_form(number="three", year="20x5", title="ن" * 250,
                       sections=[{"heading": "", "body_md": "Keep this body æøå"}])
    response = client.form_post("/newsletter/manage/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a heading for the section." in html
    assert "Keep this body æøå" in html
    assert 'aria-invalid="true"' in html


def test_the_same_number_and_year_cannot_be_used_twice(login_as, client, app, english):
    make_issue(app, number=4, year=2025)
    login_as("agency")
    response = client.form_post("/newsletter/manage/new", _issue_form(
        sections=[{"heading": "H", "body_md": "B"}]))
    assert response.status_code == 200
    assert "An issue with this number and year exists already." in response.get_data(
        as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NewsletterIssue)) == 1


def test_publishing_mails_only_caseworkers_who_opted_in(login_as, make, client, app, english,
                                                        mail_outbox):
    subscriber = make.user("caseworker", notify_newsletter=True)
    make.user("caseworker", notify_newsletter=False)
    make.user("caseworker", notify_newsletter=True, active=False)
    make.user("drc_adviser", notify_newsletter=True)
    issue_id = make_issue(app, number=4, year=2025, title="Autumn news")
    login_as("agency")
    preview = f"/newsletter/manage/{issue_id}/preview"
    response = client.form_post(f"/newsletter/manage/{issue_id}/publish", page=preview,
                                follow_redirects=True)
    assert response.status_code == 200
    assert "1 subscriber(s) will get an e-mail" in response.get_data(as_text=True)
    assert [m["To"] for m in mail_outbox.messages] == [subscriber.email]
    body = mail_outbox.bodies()[0]
    assert "Autumn news" in body
    assert f"/newsletter/{issue_id}" in body
    with app.app_context():
        assert db.session.get(NewsletterIssue, issue_id).published_at is not None
        assert db.session.scalar(select(AuditEvent.detail).where(
            AuditEvent.action == "newsletter.published")) == f"issue={issue_id}"


def test_a_published_issue_is_not_published_or_mailed_again(login_as, client, app, english,
                                                             mail_outbox):
    from datetime import UTC, datetime

    issue_id = make_issue(app, number=1, year=2025, title="Old",
                          published_at=datetime(2025, 3, 1, tzinfo=UTC))
    login_as("agency")
    response = client.form_post(f"/newsletter/manage/{issue_id}/publish",
                                page=f"/newsletter/manage/{issue_id}/preview",
                                follow_redirects=True)
    assert "This issue is published already." in response.get_data(as_text=True)
    assert mail_outbox.messages == []


def test_a_published_issue_is_corrected_marked_rettet_audited_and_not_mailed_again(
        login_as, make, client, app, mail_outbox):
    """Issue 17.7: the agency corrects a published issue; readers see "rettet <date>"."""
    from datetime import UTC, date, datetime

    from portal import formatting

    make.user("caseworker", notify_newsletter=True)
    issue_id = make_issue(app, number=1, year=2025, title="Old",
                          published_at=datetime(2025, 3, 1, tzinfo=UTC))
    login_as("agency")
    url = f"/newsletter/manage/{issue_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Abonnenter får ikke en e-mail igen." in page
    response = client.form_post(url, _issue_form(number="1", year="2025", title="Corrected",
                                                 sections=[{"heading": "Status",
                                                            "body_md": "Fixed **news**."}]),
                                follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    with app.test_request_context():
        today = formatting.day(date.today(), "long")
    assert f"rettet {today}" in html
    assert "Corrected" in html
    assert "Fixed" in html
    assert mail_outbox.messages == []
    with app.app_context():
        issue = db.session.get(NewsletterIssue, issue_id)
        assert issue.corrected_at is not None
        assert issue.published_at == datetime(2025, 3, 1, tzinfo=UTC)
        assert db.session.scalar(select(AuditEvent.detail).where(
            AuditEvent.action == "newsletter.corrected")) == f"issue={issue_id}"


def test_script_and_onerror_in_markdown_are_not_rendered(login_as, client, app, english):
    from datetime import UTC, datetime

    body = ('Hello <script>alert("x")</script>\n\n<img src="x" onerror="alert(1)">\n\n'
            '[click](javascript:alert(1)) and [agency](https://hjemst.dk)')
    issue_id = make_issue(app, number=2, year=2025, sections=(("Danger", body),),
                          published_at=datetime(2025, 6, 1, tzinfo=UTC))
    login_as("caseworker")
    html = client.get(f"/newsletter/{issue_id}").get_data(as_text=True)
    article = html[html.index('<article'):html.index('</article>')]
    tags = parse_html(article).tags
    assert not [t for t, _a in tags if t in ("script", "img")]
    assert not [a for _t, attrs in tags for a in attrs if a.startswith("on")]
    hrefs = [attrs.get("href") for t, attrs in tags if t == "a"]
    assert "https://hjemst.dk" in hrefs
    assert not [h for h in hrefs if h and h.startswith("javascript")]


def test_caseworkers_cannot_write_the_newsletter(login_as, client, app):
    login_as("caseworker")
    assert client.get("/newsletter/manage").status_code == 403
    response = client.post("/newsletter/manage/new", data={"number": "1"})
    assert response.status_code in (400, 403)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NewsletterSection)) == 0


def test_a_draft_is_edited_with_its_sections_filled_in(login_as, client, app, english):
    issue_id = make_issue(app, number=6, year=2025, title="Draft title",
                          sections=(("Alpha", "First body"), ("Beta", "Second body")))
    login_as("agency")
    html = client.get(f"/newsletter/manage/{issue_id}").get_data(as_text=True)
    assert 'value="Alpha"' in html
    assert 'value="Beta"' in html
    assert 'name="sections-2-heading"' not in html
    client.form_post(f"/newsletter/manage/{issue_id}", _issue_form(
        number="6", title="New title", sections=[
            {"heading": "Alpha", "body_md": "First body", "position": "2"},
            {"heading": "Beta", "body_md": "Second body", "position": "1"}]))
    with app.app_context():
        issue = db.session.get(NewsletterIssue, issue_id)
        assert issue.title == "New title"
        assert [s.heading for s in issue.sections] == ["Beta", "Alpha"]
        assert db.session.scalar(select(func.count()).select_from(NewsletterSection)) == 2
