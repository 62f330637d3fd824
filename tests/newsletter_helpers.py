"""Helpers for the newsletter, meetings, routes, guidance and reference tests."""

from __future__ import annotations

from datetime import datetime
from html.parser import HTMLParser

from portal.extensions import db
from portal.models import NewsletterIssue, NewsletterSection


def make_issue(app, *, number: int, year: int, title: str = "Test issue",
               sections=(("Status", "Some **news**."),),
               published_at: datetime | None = None) -> int:
    """An issue straight into the database; returns its id."""
    with app.app_context():
        issue = NewsletterIssue(number=number, year=year, title=title, published_at=published_at)
        issue.sections = [NewsletterSection(position=i, heading=h, body_md=b)
                          for i, (h, b) in enumerate(sections)]
        db.session.add(issue)
        db.session.commit()
        issue_id = issue.id
        db.session.remove()
    return issue_id


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.tags: list[tuple[str, dict]] = []
        self._href = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "a":
            self._href, self._text = attributes.get("href"), []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def parse_html(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def links(html: str) -> list[tuple[str, str]]:
    """(href, text) of every link on the page."""
    return parse_html(html).links


def follow(client, html: str, text: str):
    """Click the first link whose text contains `text` (a user following links)."""
    for href, label in links(html):
        if text.lower() in label.lower():
            response = client.get(href, follow_redirects=True)
            assert response.status_code == 200, href
            return response.get_data(as_text=True)
    raise AssertionError(f"no link with {text!r}; links: {links(html)}")
