"""The agency's page template shared by all official forms: page, header, footer, metadata.

A4, the agency's name, the form title and the case reference at the top of every page,
"Page X of Y" and the hotline at the bottom. The form building blocks are in blocks.py, the
flow of blocks down the pages in layout.py and the PDF file in writer.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from .data import N_, Formatter
from .flowables import LINE, TextBlock, line_ops
from .fonts import FONT, FONT_BOLD, ensure_fonts
from .layout import Block, draw_page, paginate
from .text import STYLES, Style, text_ops, text_width, visual_order
from .writer import PAGE_SIZE, PdfDocument

__all__ = [
    "CONTENT_WIDTH",
    "STYLES",
    "bold_para",
    "build_pdf",
    "ensure_fonts",
    "para",
    "visual_order",
]

AGENCY_NAME = "Hjemrejsestyrelsen"
AGENCY_ADDRESS = "Birkerød Kongevej 2-4, 3460 Birkerød"
AGENCY_HOTLINE = "30 65 78 40"
AGENCY_EMAIL = "repatriering@hjemst.dk"
DRC_NAME = "DRC Dansk Flygtningehjælp"

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = PAGE_SIZE
MARGIN_X = 18 * MM
MARGIN_TOP = 26 * MM
MARGIN_BOTTOM = 19 * MM
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

_BOLD = {"body": "body_bold", "cell": "cell_bold"}


def para(text: str, style: str = "body") -> Block:
    """A block of plain text (never markup), newlines kept, wrapped to the frame."""
    return TextBlock(text, STYLES[style])


def bold_para(text: str, style: str = "body") -> Block:
    return TextBlock(text, STYLES[_BOLD[style]])


def _fitted(text: str, font: str, size: float, width: float, *, right: bool = False) -> Style:
    """The style of a header or footer line, shrunk until it fits, so long translations never
    overlap."""
    while size > 5 and text_width(text, font, size) > width:
        size -= 0.5
    return Style(font, size, size, right=right)


def _decorate_page(
    doc: PdfDocument, page: int, pages: int, *, fmt: Formatter, title: str, reference: str
) -> str:
    left, right = MARGIN_X, PAGE_WIDTH - MARGIN_X
    top = PAGE_HEIGHT - 12 * MM
    bottom = 14 * MM
    side = CONTENT_WIDTH * 0.58  # room for the right-hand header lines
    reference_text = fmt.t(N_("Case reference: %(reference)s"), reference=reference)
    page_text = fmt.t(N_("Page %(page)s of %(pages)s"), page=page, pages=pages)
    hotline = fmt.t(
        N_("Hotline for municipal staff: %(phone)s · %(email)s"),
        phone=AGENCY_HOTLINE,
        email=AGENCY_EMAIL,
    )
    room = CONTENT_WIDTH - text_width(page_text, FONT, 7.5) - 12
    lines = [
        (_fitted(AGENCY_NAME, FONT_BOLD, 13, CONTENT_WIDTH), left, top - 4, AGENCY_NAME),
        (_fitted(AGENCY_ADDRESS, FONT, 7.5, CONTENT_WIDTH), left, top - 15, AGENCY_ADDRESS),
        (_fitted(title, FONT_BOLD, 10, side, right=True), right, top - 4, title),
        (_fitted(reference_text, FONT, 8, side, right=True), right, top - 15, reference_text),
        (_fitted(page_text, FONT, 7.5, side, right=True), right, bottom - 10, page_text),
        (_fitted(hotline, FONT, 7.5, room), left, bottom - 10, hotline),
    ]
    ops = [
        "q 0 0 0 RG 1.2 w",
        line_ops(left, top - 21, right, top - 21),
        f"{LINE} w",
        line_ops(left, bottom, right, bottom),
        *(text_ops(doc, style, [(x, y, text)]) for style, x, y, text in lines),
        "Q",
    ]
    return " ".join(ops)


def build_pdf(
    fmt: Formatter, *, title: str, reference: str, story: Iterable[Block], subject: str = ""
) -> bytes:
    """Lay out the story on the agency's page template; title is an untranslated msgid.

    Nothing here is shared between documents except the fonts' read-only data, so forms can
    be built in parallel threads (fonts.py serialises the one step that is not: subsetting).
    """
    ensure_fonts()
    title_text = fmt.t(title)
    frame_height = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    pages = paginate(story, MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH, frame_height)
    doc = PdfDocument()
    contents = []
    for number, placed in enumerate(pages, start=1):
        ops = draw_page(doc, placed)
        ops.append(
            _decorate_page(
                doc, number, len(pages), fmt=fmt, title=title_text, reference=reference
            )
        )
        contents.append("\n".join(ops))
    info = {
        "Title": f"{title_text} – {reference}",
        "Author": AGENCY_NAME,
        "Subject": subject or title_text,
        "Creator": "Repatrieringsportalen",
        "Producer": "Repatrieringsportalen",
    }
    return doc.write(contents, info)
