"""The agency's page template shared by all official forms: fonts, styles, page and metadata.

A4 on a platypus BaseDocTemplate: the agency's name, the form title and the case reference at
the top of every page, the hotline and "Page X of Y" at the bottom. The form building blocks
are in blocks.py.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from functools import partial
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from portal.rules import N_

from .data import Formatter

AGENCY_NAME = "Hjemrejsestyrelsen"
AGENCY_ADDRESS = "Birkerød Kongevej 2-4, 3460 Birkerød"
AGENCY_HOTLINE = "30 65 78 40"
AGENCY_EMAIL = "repatriering@hjemst.dk"
DRC_NAME = "DRC Dansk Flygtningehjælp"


def contact_line() -> str:
    """The agency's contact for municipal staff, as the newsletter gives it."""
    return f"{AGENCY_NAME}, {AGENCY_ADDRESS}, tlf. {AGENCY_HOTLINE}, {AGENCY_EMAIL}"


FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 18 * mm, 24 * mm, 19 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
GREY = Color(0.2, 0.2, 0.2)


def _style(name: str, size: float, *, bold: bool = False, split: bool = False, **kwargs):
    """Words are never broken (list columns are widened to their longest word instead), except
    with split: a value typed by a user (a file name, say) wider than its whole box."""
    return ParagraphStyle(name, fontName=FONT_BOLD if bold else FONT, fontSize=size,
                          leading=size * 1.28, splitLongWords=int(split), **kwargs)


STYLES = {
    "title": _style("title", 15, bold=True, spaceAfter=3),
    "intro": _style("intro", 8.5, spaceAfter=4),
    "section": _style("section", 9.5, bold=True),
    "label": _style("label", 6.8, textColor=GREY),
    "value": _style("value", 9.5, split=True),
    "head": _style("head", 7, bold=True),
    "cell": _style("cell", 8, split=True),
    "cell_bold": _style("cell_bold", 8, bold=True),
    "cell_right": _style("cell_right", 8, split=True, alignment=TA_RIGHT),
    "cell_bold_right": _style("cell_bold_right", 8, bold=True, alignment=TA_RIGHT),
    "body": _style("body", 9, spaceBefore=3, spaceAfter=3),
    "body_bold": _style("body_bold", 9, bold=True, spaceBefore=3, spaceAfter=3),
    "note": _style("note", 8, spaceBefore=3, spaceAfter=2),
}
_BOLD = {"body": "body_bold", "cell": "cell_bold"}

_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_RTL_RUN = re.compile(f"[{_RTL}]+(?:[ \u00a0]+[{_RTL}]+)*")


def _reverse_clusters(run: str) -> str:
    clusters: list[str] = []
    for char in run:
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return "".join(reversed(clusters))


def visual_order(text: str) -> str:
    """Put right-to-left runs (Arabic, Hebrew names) in visual order for left-to-right drawing.

    Not bidi nor Arabic shaping (letters stay in their isolated forms), but a name reads in the
    right direction, and PDF readers extract it in logical order.
    """
    return _RTL_RUN.sub(lambda match: _reverse_clusters(match.group(0)), text)


def markup(text: str) -> str:
    """Plain text (user input included) as paragraph markup: escaped, newlines kept."""
    return visual_order(escape(text)).replace("\n", "<br/>")


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (never markup), newlines kept, wrapped to its width."""
    return Paragraph(markup(text), STYLES[style])


def bold_para(text: str, style: str = "body") -> Paragraph:
    return para(text, _BOLD[style])


_font_lock = threading.Lock()


def ensure_fonts() -> None:
    """Register DejaVu Sans (regular and bold, as one family for <b>) once per process."""
    with _font_lock:
        if FONT_BOLD in pdfmetrics.getRegisteredFontNames():
            return
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
        )


ensure_fonts()  # paragraphs parse their markup, fonts included, when they are made


def _draw_fitted(canvas: Canvas, text: str, font: str, size: float, width: float, x: float,
                 y: float, *, right: bool = False) -> None:
    """One header or footer line, shrunk until it fits, so long translations never overlap."""
    while size > 5 and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.5
    canvas.setFont(font, size)
    (canvas.drawRightString if right else canvas.drawString)(x, y, text)


_PAGE_NUMBER_FORM = "page-number-%d"
_LEFT, _RIGHT = MARGIN_X, PAGE_WIDTH - MARGIN_X
_TOP, _BOTTOM = PAGE_HEIGHT - 12 * mm, 14 * mm


class PageNumberCanvas(Canvas):
    """A canvas that writes "Page X of Y" once Y is known, when the document is saved.

    Each page shows a form XObject of its own (Canvas.doForm may refer to a form defined
    later); save() fills the forms in with the total, so no page has to be held back.
    """

    def __init__(self, *args, page_label: Callable[[int, int], str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.page_label = page_label
        self.pages_shown = 0

    def showPage(self) -> None:
        self.pages_shown += 1
        self.doForm(_PAGE_NUMBER_FORM % self.pages_shown)
        super().showPage()

    def save(self) -> None:
        for page in range(1, self.pages_shown + 1):
            self.beginForm(_PAGE_NUMBER_FORM % page)
            label = self.page_label(page, self.pages_shown)
            _draw_fitted(self, label, FONT, 7.5, CONTENT_WIDTH * 0.3, _RIGHT, _BOTTOM - 10,
                         right=True)
            self.endForm()
        super().save()


def _decorate_page(canvas: Canvas, _doc, *, fmt: Formatter, title: str, reference: str) -> None:
    """The agency's header and the hotline footer, drawn on every page."""
    side = CONTENT_WIDTH * 0.58  # room for the right-hand header lines
    hotline = fmt.t(
        N_("Hotline for municipal staff: %(phone)s · %(email)s"),
        phone=AGENCY_HOTLINE,
        email=AGENCY_EMAIL,
    )
    reference_text = fmt.t(N_("Case reference: %(reference)s"), reference=reference)
    canvas.saveState()
    canvas.setLineWidth(1.2)
    canvas.line(_LEFT, _TOP - 21, _RIGHT, _TOP - 21)
    canvas.setLineWidth(0.6)
    canvas.line(_LEFT, _BOTTOM, _RIGHT, _BOTTOM)
    _draw_fitted(canvas, AGENCY_NAME, FONT_BOLD, 13, CONTENT_WIDTH, _LEFT, _TOP - 4)
    _draw_fitted(canvas, AGENCY_ADDRESS, FONT, 7.5, CONTENT_WIDTH, _LEFT, _TOP - 15)
    _draw_fitted(canvas, title, FONT_BOLD, 10, side, _RIGHT, _TOP - 4, right=True)
    _draw_fitted(canvas, reference_text, FONT, 8, side, _RIGHT, _TOP - 15, right=True)
    _draw_fitted(canvas, hotline, FONT, 7.5, CONTENT_WIDTH * 0.68, _LEFT, _BOTTOM - 10)
    canvas.restoreState()


# ReportLab's TrueType subsetting reads each font through a shared file position, so one
# document is built at a time; the fonts and styles are shared read-only.
_build_lock = threading.Lock()


def build_pdf(fmt: Formatter, *, title: str, reference: str, story: Iterable[Flowable]) -> bytes:
    """Lay out the story on the agency's page template; title is an untranslated msgid.

    The metadata names the form and the case reference only, never a person.
    """
    title_text = fmt.t(title)
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=f"{title_text} – {reference}", subject=title_text,
        author=AGENCY_NAME, keywords=[title_text, reference], creator="Repatrieringsportalen",
        lang="da", invariant=True,  # invariant: the same data gives the same bytes
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    on_page = partial(_decorate_page, fmt=fmt, title=title_text, reference=reference)
    doc.addPageTemplates([PageTemplate(id="form", frames=[frame], onPage=on_page)])

    def page_label(page: int, pages: int) -> str:
        return fmt.t(N_("Page %(page)s of %(pages)s"), page=page, pages=pages)

    with _build_lock:
        doc.build(list(story), canvasmaker=partial(PageNumberCanvas, page_label=page_label))
    return buffer.getvalue()
