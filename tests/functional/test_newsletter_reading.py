"""Everyone logged in reads the newsletter; the Atom feed; the caseworker's opt-in; the
acceptance walk: a caseworker finds everything by following links only."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from portal.extensions import db
from portal.models import User
from tests.conftest import login
from tests.newsletter_helpers import follow, links, make_issue

ATOM = "{http://www.w3.org/2005/Atom}"


def _three_issues(app):
    make_issue(app, number=1, year=2025, title="Spring issue",
               published_at=datetime(2025, 3, 10, tzinfo=UTC))
    make_issue(app, number=3, year=2025, title="Autumn issue",
               published_at=datetime(2025, 9, 15, tzinfo=UTC))
    make_issue(app, number=2, year=2025, title="Summer issue",
               published_at=datetime(2025, 6, 1, tzinfo=UTC))
    make_issue(app, number=4, year=2025, title="Secret draft")


def test_archive_lists_published_issues_newest_first_and_hides_drafts(app, login_as, client,
                                                                      english):
    _three_issues(app)
    login_as("drc_adviser")
    html = client.get("/newsletter/").get_data(as_text=True)
    assert html.index("Autumn issue") < html.index("Summer issue") < html.index("Spring issue")
    assert "Secret draft" not in html


def test_a_draft_is_not_found_by_readers(app, login_as, client):
    draft = make_issue(app, number=9, year=2025, title="Secret draft")
    login_as("caseworker")
    assert client.get(f"/newsletter/{draft}").status_code == 404


def test_atom_feed_parses_as_xml_and_lists_issues_newest_first(app, client):
    _three_issues(app)
    response = client.get("/newsletter/feed.atom")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)  # noqa: S314 - our own feed in a test
    assert root.tag == f"{ATOM}feed"
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert [t.split(" (")[0] for t in titles] == ["Autumn issue", "Summer issue", "Spring issue"]
    published = [e.findtext(f"{ATOM}published") for e in root.findall(f"{ATOM}entry")]
    assert published == sorted(published, reverse=True)
    assert root.find(f"{ATOM}id").text.endswith("/newsletter/feed.atom")
    entry_link = root.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert "/newsletter/" in entry_link


def test_feed_escapes_markup_in_titles(app, client):
    make_issue(app, number=5, year=2025, title='Tom & "Jerry" <b>',
               sections=(("A <tag>", "x"),), published_at=datetime(2025, 10, 1, tzinfo=UTC))
    root = ET.fromstring(client.get("/newsletter/feed.atom").data)  # noqa: S314
    assert root.find(f"{ATOM}entry/{ATOM}title").text.startswith('Tom & "Jerry" <b>')
    assert "&lt;tag&gt;" in root.find(f"{ATOM}entry/{ATOM}content").text


def test_start_page_shows_the_latest_issue(app, login_as, client, english):
    _three_issues(app)
    login_as("caseworker")
    html = client.get("/municipality/").get_data(as_text=True)
    assert "Autumn issue" in html
    assert "Read newsletter no. 3 – 2025" in html


def test_caseworker_opts_in_and_out_of_newsletter_mail(app, login_as, client, english):
    user = login_as("caseworker")
    response = client.form_post("/newsletter/settings", {"notify": "y"}, follow_redirects=True)
    assert "You will get an e-mail when a new issue is published." in response.get_data(
        as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).notify_newsletter is True
    client.form_post("/newsletter/settings", {})
    with app.app_context():
        assert db.session.get(User, user.id).notify_newsletter is False


def test_contacts_page_has_every_number_as_tel_and_mailto_links(login_as, client, english):
    login_as("drc_adviser")
    hrefs = {href for href, _text in links(client.get("/contacts").get_data(as_text=True))}
    assert {"tel:+4530657840", "tel:+4561983900", "tel:+4533735000",
            "mailto:repatriering@hjemst.dk", "mailto:nidc@nidc.dk"} <= hrefs


def test_caseworker_finds_issue_contacts_aleppo_route_and_baggage_rule_by_links(app, client,
                                                                                english):
    """Acceptance: aarhus@demo.test, following links only from the start page."""
    result = app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code == 0, result.output
    login(client, "aarhus@demo.test", "Demo-Password-2026")
    start = client.get("/", follow_redirects=True).get_data(as_text=True)

    archive = follow(client, start, "Newsletter")
    issue = follow(client, archive, "Nyt fra Hjemrejsestyrelsen nr. 3 – 2025")
    assert "no. 3 – 2025" in issue
    assert "Aleppo" in issue

    contacts = follow(client, start, "Contacts")
    for number in ("30 65 78 40", "61 98 39 00", "33 73 50 00"):
        assert number in contacts

    routes = follow(client, start, "Routes")
    assert "Aleppo" in routes
    assert "Turkish Airlines" in routes

    guidance = follow(client, start, "Good to know")
    assert "23 kg" in guidance
    assert "about DKK 200 per kilo" in guidance


def test_footer_contacts_come_from_the_contact_data_on_every_page(client):
    html = client.get("/login").get_data(as_text=True)
    footer = html[html.index("<footer"):]
    assert 'href="tel:+4530657840"' in footer
    assert 'href="mailto:repatriering@hjemst.dk"' in footer
    assert "Birkerød Kongevej 2-4, 3460 Birkerød" in footer
    assert "/contacts" not in footer  # the full list is for logged-in users
