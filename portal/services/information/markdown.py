"""Markdown to safe HTML: CommonMark without raw HTML, then sanitised with nh3.

Two layers on purpose: markdown-it escapes raw HTML, and nh3 removes anything that is not on
the allow-list even if a future parser option lets it through.
"""

from __future__ import annotations

import re
from html import unescape

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "ul", "ol", "li", "h2", "h3", "h4", "a", "strong", "em", "blockquote",
    "code", "pre",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_HEADING = re.compile(r"<(/?)h([1-6])>")
_parser = MarkdownIt("commonmark", {"html": False})


def _shift_headings(html: str) -> str:
    """A section's own headings sit under the page's h1 and the section's h2 (h3 at most h4)."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 4)}>", html)


def to_html(text: str | None) -> Markup:
    """Render Markdown to sanitised HTML; links get rel="noopener"."""
    if not text:
        return Markup("")
    html = _shift_headings(_parser.render(text))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )
    # Sanitised by nh3 just above, so it is safe to mark as markup.
    return Markup(clean)  # noqa: S704  # nosec B704


def to_text(text: str | None, limit: int = 240) -> str:
    """Plain text of the first lines, for teasers and e-mails (no markup at all)."""
    if not text:
        return ""
    plain = nh3.clean(_parser.render(text), tags=set())
    plain = " ".join(plain.split())
    plain = unescape(plain)
    if len(plain) <= limit:
        return plain
    return plain[:limit].rsplit(" ", 1)[0] + " …"
