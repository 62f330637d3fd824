"""Newsletter issues: write, publish, list, the Atom feed and the opt-in e-mail."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified

from portal import formatting, mail
from portal.db import utcnow
from portal.extensions import db
from portal.models import NewsletterIssue, NewsletterSection, Role, User
from portal.services import versioning
from portal.services.accounts import audit
from portal.services.information import markdown

ATOM_NS = "http://www.w3.org/2005/Atom"
PAGE_SIZE = 20


class NewsletterError(Exception):
    """A rule says no; str(exc) is a key the view turns into a message."""


@dataclass
class SectionInput:
    heading: str
    body_md: str = ""


@dataclass
class IssueInput:
    number: int
    year: int
    title: str
    sections: list[SectionInput] = field(default_factory=list)


def _require_agency(actor: User) -> None:
    if actor.role is not Role.AGENCY:
        raise PermissionError("only agency staff write the newsletter")


def _check_number_free(data: IssueInput, issue_id: int | None = None) -> None:
    query = select(NewsletterIssue.id).where(NewsletterIssue.year == data.year,
                                             NewsletterIssue.number == data.number)
    if issue_id is not None:
        query = query.where(NewsletterIssue.id != issue_id)
    if db.session.scalar(query) is not None:
        raise NewsletterError("number_taken")


def _apply(issue: NewsletterIssue, data: IssueInput) -> None:
    issue.number, issue.year, issue.title = data.number, data.year, data.title.strip()
    issue.sections.clear()
    db.session.flush()
    for position, section in enumerate(data.sections):
        issue.sections.append(NewsletterSection(position=position,
                                                heading=section.heading.strip(),
                                                body_md=section.body_md or ""))


def create_issue(data: IssueInput, actor: User) -> NewsletterIssue:
    _require_agency(actor)
    _check_number_free(data)
    issue = NewsletterIssue(created_by_id=actor.id, number=data.number, year=data.year,
                            title=data.title)
    db.session.add(issue)
    _apply(issue, data)
    db.session.flush()
    return issue


def update_issue(issue: NewsletterIssue, data: IssueInput, actor: User, *,
                 expected_version=None) -> NewsletterIssue:
    """Save a draft, or correct a published issue (issue 17.7): a correction is stamped
    ("rettet <date>") and audited, and subscribers are not e-mailed again."""
    _require_agency(actor)
    if expected_version is not None:
        versioning.check(issue, expected_version,
                         {"number": data.number, "year": data.year, "title": data.title})
    _check_number_free(data, issue.id)
    _apply(issue, data)
    flag_modified(issue, "title")  # a change of the sections alone is a new version too
    if issue.is_published:
        issue.corrected_at = utcnow()
    db.session.flush()
    audit.record("newsletter.corrected" if issue.is_published else "newsletter.updated",
                 detail=f"issue={issue.id}", user=actor)
    return issue


def publish(issue: NewsletterIssue, actor: User) -> int:
    """Publish a draft and e-mail the caseworkers who opted in; returns how many were mailed."""
    _require_agency(actor)
    if issue.is_published:
        raise NewsletterError("already_published")
    if not issue.sections:
        raise NewsletterError("no_sections")
    issue.published_at = utcnow()
    db.session.flush()
    audit.record("newsletter.published", detail=f"issue={issue.id}", user=actor)
    return _notify_subscribers(issue)


def _notify_subscribers(issue: NewsletterIssue) -> int:
    subscribers = db.session.scalars(
        select(User).where(User.active.is_(True), User.role == Role.CASEWORKER,
                           User.notify_newsletter.is_(True))).all()
    link = issue_url(issue)
    teaser = markdown.to_text(issue.sections[0].body_md, limit=400) if issue.sections else ""
    for user in subscribers:
        with force_locale(formatting.locale_for(user.locale)):
            subject = _("New newsletter: %(title)s", title=issue.title)
            body = "\n\n".join([
                _("A new issue of the newsletter from the Danish Return Agency has been "
                  "published: %(title)s.", title=issue.title),
                teaser,
                _("Read it in the portal: %(link)s", link=link),
                _("You receive this e-mail because you asked for it. You can stop it under "
                  "Newsletter settings in the portal."),
            ])
        mail.send(user.email, subject, body)
    return len(subscribers)


def issue_url(issue: NewsletterIssue) -> str:
    return mail.absolute_url("info.issue", issue_id=issue.id)


def set_notify(user: User, wanted: bool) -> None:
    """A caseworker's own choice; no other user's data is touched."""
    user.notify_newsletter = bool(wanted)
    db.session.flush()
    audit.record("newsletter.notify_on" if wanted else "newsletter.notify_off", user=user)


# --- reading -------------------------------------------------------------------------------

def get_issue(issue_id: int, *, published_only: bool = True) -> NewsletterIssue | None:
    query = (select(NewsletterIssue).options(selectinload(NewsletterIssue.sections))
             .where(NewsletterIssue.id == issue_id))
    if published_only:
        query = query.where(NewsletterIssue.published_at.is_not(None))
    return db.session.scalar(query)


@dataclass(frozen=True)
class IssueTeaser:
    """The latest issue as the start pages show it."""

    id: int
    title: str
    label: str
    published_at: datetime
    teaser: str


def latest_teaser() -> IssueTeaser | None:
    """The latest published issue with its first section's opening lines, as the start
    pages show it, in one statement."""
    first_body = (select(NewsletterSection.body_md)
                  .where(NewsletterSection.issue_id == NewsletterIssue.id)
                  .order_by(NewsletterSection.position, NewsletterSection.id).limit(1)
                  .correlate(NewsletterIssue).scalar_subquery())
    row = db.session.execute(
        select(NewsletterIssue.id, NewsletterIssue.title, NewsletterIssue.number,
               NewsletterIssue.year, NewsletterIssue.published_at, first_body)
        .where(NewsletterIssue.published_at.is_not(None))
        .order_by(NewsletterIssue.published_at.desc(), NewsletterIssue.id.desc())
        .limit(1)).first()
    if row is None:
        return None
    issue_id, title, number, year, published_at, body = row
    return IssueTeaser(id=issue_id, title=title,
                       label=NewsletterIssue.make_label(number, year),
                       published_at=published_at, teaser=markdown.to_text(body, TEASER_LENGTH))


def published_issues(page: int = 1, per_page: int = PAGE_SIZE) -> tuple[list, int]:
    """Newest first, one page; returns (issues, total)."""
    page = max(page, 1)
    where = NewsletterIssue.published_at.is_not(None)
    total = db.session.scalar(select(func.count()).select_from(NewsletterIssue).where(where))
    issues = db.session.scalars(
        select(NewsletterIssue).options(selectinload(NewsletterIssue.sections)).where(where)
        .order_by(NewsletterIssue.published_at.desc(), NewsletterIssue.id.desc())
        .limit(per_page).offset((page - 1) * per_page)).all()
    return list(issues), total or 0


def all_issues(page: int = 1, per_page: int = PAGE_SIZE) -> tuple[list, int]:
    """Drafts first, then published, newest first: the agency's list."""
    page = max(page, 1)
    total = db.session.scalar(select(func.count()).select_from(NewsletterIssue))
    issues = db.session.scalars(
        select(NewsletterIssue)
        .order_by(NewsletterIssue.published_at.is_not(None),
                  NewsletterIssue.published_at.desc(), NewsletterIssue.year.desc(),
                  NewsletterIssue.number.desc())
        .limit(per_page).offset((page - 1) * per_page)).all()
    return list(issues), total or 0


TEASER_LENGTH = 240


def teaser(issue: NewsletterIssue, limit: int = TEASER_LENGTH) -> str:
    """The first lines of the first section, as plain text."""
    return markdown.to_text(issue.sections[0].body_md, limit) if issue.sections else ""


# --- Atom feed -----------------------------------------------------------------------------

def atom_feed(issues: list[NewsletterIssue], *, feed_url: str, site_url: str,
              issue_link, title: str) -> bytes:
    """An Atom 1.0 document (RFC 4287), newest entry first, built with ElementTree."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", feed_url)
    sub(feed, "title", title)
    updated = max((i.published_at for i in issues), default=None) or utcnow()
    sub(feed, "updated", updated.isoformat())
    sub(feed, "link", href=feed_url, rel="self", type="application/atom+xml")
    sub(feed, "link", href=site_url, rel="alternate", type="text/html")
    author = sub(feed, "author")
    sub(author, "name", "Hjemrejsestyrelsen")
    for issue in issues:
        link = issue_link(issue)
        entry = sub(feed, "entry")
        sub(entry, "id", link)
        sub(entry, "title", f"{issue.title} (nr. {issue.label})")
        sub(entry, "updated", issue.published_at.isoformat())
        sub(entry, "published", issue.published_at.isoformat())
        sub(entry, "link", href=link, rel="alternate", type="text/html")
        sub(entry, "summary", teaser(issue, 400))
        content = "".join(f"<h2>{_escape(s.heading)}</h2>{markdown.to_html(s.body_md)}"
                          for s in issue.sections)
        sub(entry, "content", content, type="html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
