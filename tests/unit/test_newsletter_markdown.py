"""Markdown is rendered as CommonMark and sanitised: only safe tags, links and schemes."""

import pytest

from portal.services.information.contacts import Phone
from portal.services.information.markdown import to_html, to_text
from tests.newsletter_helpers import parse_html


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="https://x.dk" onclick="alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    '<iframe src="https://evil.example"></iframe>',
    "![tracker](https://evil.example/x.png)",
])
def test_dangerous_markup_never_becomes_a_tag_or_an_attribute(source):
    tags = parse_html(str(to_html(source))).tags
    assert {tag for tag, _attrs in tags} <= {"p", "a"}
    assert not [name for _tag, attrs in tags for name in attrs if name.startswith("on")]
    hrefs = [attrs.get("href") or "" for tag, attrs in tags if tag == "a"]
    assert not [h for h in hrefs if h.startswith(("javascript", "data"))]


def test_allowed_links_keep_their_scheme_and_get_noopener():
    html = str(to_html("[a](https://hjemst.dk) [b](mailto:nidc@nidc.dk) [c](tel:+4561983900)"))
    assert html.count('rel="noopener"') == 3
    for href in ("https://hjemst.dk", "mailto:nidc@nidc.dk", "tel:+4561983900"):
        assert f'href="{href}"' in html


def test_headings_sit_below_the_sections_h2():
    html = str(to_html("# One\n\n## Two\n\n### Three\n\n#### Four"))
    assert "<h1" not in html
    assert "<h2>One</h2>" in html
    assert "<h3>Two</h3>" in html
    assert "<h4>Three</h4>" in html
    assert "<h4>Four</h4>" in html


def test_lists_emphasis_and_quotes_survive():
    html = str(to_html("**bold** *it* `code`\n\n> quote\n\n1. one\n2. two\n\n- a"))
    for tag in ("<strong>", "<em>", "<code>", "<blockquote>", "<ol>", "<ul>", "<li>"):
        assert tag in html


def test_plain_text_teaser_has_no_markup_and_is_cut_at_a_word():
    text = to_text("**Bold** start " + "word " * 100, limit=40)
    assert text.startswith("Bold start")
    assert "<" not in text
    assert text.endswith(" …")
    assert len(text) <= 42


def test_phone_numbers_become_tel_links_with_the_country_code():
    assert Phone("30 65 78 40", "x").tel == "+4530657840"
    assert Phone("61 98 39 00", "x").tel == "+4561983900"
