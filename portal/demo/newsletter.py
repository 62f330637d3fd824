"""Demo newsletter: issue nr. 3 – 2025 from portal/content, published; plus the guidance."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from portal.extensions import db
from portal.models import NewsletterIssue, NewsletterSection
from portal.services.information import guidance

CONTENT = Path(__file__).resolve().parents[1] / "content"
ISSUES = (
    # (file, number, year, published at)
    ("newsletter-2025-3.md", 3, 2025, datetime(2025, 9, 15, 8, 0, tzinfo=UTC)),
)


def parse(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Split a newsletter file: `# title`, then one section per `## heading` line."""
    title, sections, heading, body = "", [], None, []
    for line in text.splitlines():
        if line.startswith("# ") and not title and heading is None:
            title = line[2:].strip()
        elif line.startswith("## "):
            if heading is not None:
                sections.append((heading, "\n".join(body).strip()))
            heading, body = line[3:].strip(), []
        elif heading is not None:
            body.append(line)
    if heading is not None:
        sections.append((heading, "\n".join(body).strip()))
    return title, sections


def load() -> str:
    created = 0
    for filename, number, year, published_at in ISSUES:
        exists = db.session.scalar(select(NewsletterIssue.id).where(
            NewsletterIssue.number == number, NewsletterIssue.year == year))
        if exists is not None:
            continue
        title, sections = parse((CONTENT / filename).read_text(encoding="utf-8"))
        issue = NewsletterIssue(number=number, year=year, title=title,
                                published_at=published_at, created_at=published_at)
        issue.sections = [NewsletterSection(position=i, heading=h, body_md=b)
                          for i, (h, b) in enumerate(sections)]
        db.session.add(issue)
        created += 1
    added = guidance.load_from_toml()
    db.session.flush()
    return (f"Demo newsletter: {created} issue(s) created; "
            f"{added} guidance item(s) added.")
