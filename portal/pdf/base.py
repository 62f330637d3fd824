"""The agency's page template shared by all official forms: fonts, styles, header, footer.

A4, the agency's name, the form title and the case reference at the top of every page,
"Page X of Y" and the hotline at the bottom. The form building blocks are in blocks.py.
"""

from __future__ import annotations

import io
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from .data import N_, Formatter

AGENCY_NAME = "Hjemrejsestyrelsen"
AGENCY_ADDRESS = "Birkerød Kongevej 2-4, 3460 Birkerød"
AGENCY_HOTLINE = "30 65 78 40"
AGENCY_EMAIL = "repatriering@hjemst.dk"
DRC_NAME = "DRC Dansk Flygtningehjælp"

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 26 * mm
MARGIN_BOTTOM = 19 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
LINE = 0.6
SHADE = colors.Color(0.9, 0.9, 0.9)

_fonts_lock = threading.Lock()
_fonts_ready = False


def ensure_fonts() -> None:
    """Register DejaVu Sans once per process: parsing the TTF files is the slow part."""
    global _fonts_ready
    if _fonts_ready:
        return
    with _fonts_lock:
        if not _fonts_ready:
            pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
            pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
            pdfmetrics.registerFontFamily(
                FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
            )
            # Binary (not ASCII85) streams: smaller and faster, and fine for HTTP downloads.
            # This process-wide switch is ours to set: only these forms use reportlab.
            rl_config.useA85 = 0
            _fonts_ready = True


def _style(name: str, size: float, *, bold: bool = False, **kwargs: Any) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=FONT_BOLD if bold else FONT, fontSize=size, leading=size * 1.28, **kwargs
    )


STYLES = {
    "title": _style("title", 15, bold=True, spaceAfter=3),
    "intro": _style("intro", 8.5, spaceAfter=4),
    "section": _style("section", 9.5, bold=True),
    "label": _style("label", 6.8, textColor=colors.Color(0.2, 0.2, 0.2)),
    "value": _style("value", 9.5),
    "head": _style("head", 7, bold=True),
    "cell": _style("cell", 8),
    "cell_right": _style("cell_right", 8, alignment=TA_RIGHT),
    "body": _style("body", 9, spaceBefore=3, spaceAfter=3),
    "note": _style("note", 8, spaceBefore=3, spaceAfter=2),
}


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

    Not full bidi nor Arabic shaping: letters stay in their isolated forms, but a name reads
    in the right direction, and text extraction gives back the logical order.
    """
    return _RTL_RUN.sub(lambda match: _reverse_clusters(match.group(0)), text)


def _paragraph(markup: str, style: str) -> Paragraph:
    ensure_fonts()  # the paragraph parser looks the font family up at once
    return Paragraph(markup, STYLES[style])


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text: escaped for the markup parser, newlines kept."""
    return _paragraph(escape(visual_order(text)).replace("\n", "<br/>"), style)


def bold_para(text: str, style: str = "body") -> Paragraph:
    return _paragraph(f"<b>{escape(visual_order(text))}</b>", style)


def cell(text: str, style: str, width: float) -> str | Paragraph:
    """A table cell: a plain string when the text fits on one line, else a wrapping paragraph.

    Plain strings lay out many times faster than paragraphs; the table draws them in the font
    that font_commands() sets for the cell.
    """
    ensure_fonts()
    font = STYLES[style]
    if "\n" in text or pdfmetrics.stringWidth(text, font.fontName, font.fontSize) > width:
        return para(text, style)
    return visual_order(text)


def font_commands(style: str, start: tuple[int, int], stop: tuple[int, int]) -> list[Any]:
    """Table style commands that draw plain string cells like the paragraph style.

    Only what differs from the table defaults (black, left-aligned): every command costs.
    """
    font = STYLES[style]
    commands: list[Any] = [("FONT", start, stop, font.fontName, font.fontSize, font.leading)]
    if font.textColor != colors.black:
        commands.append(("TEXTCOLOR", start, stop, font.textColor))
    if font.alignment == TA_RIGHT:
        commands.append(("ALIGN", start, stop, "RIGHT"))
    return commands


# --- Page template ---------------------------------------------------------------------------


class _FormCanvas(Canvas):
    """Holds pages back until the end, so every page can say "Page X of Y"."""

    def __init__(self, *args: Any, decorate: Callable[[Canvas, int, int], None], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []
        self._decorate = decorate

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            self._decorate(self, self._pageNumber, total)
            super().showPage()
        super().save()


def _text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    *,
    font: str,
    size: float,
    width: float,
    right: bool = False,
) -> None:
    """Draw one header or footer line, shrunk until it fits, so long translations never overlap."""
    while size > 5 and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    canvas.setFont(font, size)
    (canvas.drawRightString if right else canvas.drawString)(x, y, text)


def _decorate_page(
    canvas: Canvas, page: int, pages: int, *, fmt: Formatter, title: str, reference: str
) -> None:
    left, right = MARGIN_X, PAGE_WIDTH - MARGIN_X
    top = PAGE_HEIGHT - 12 * mm
    side = CONTENT_WIDTH * 0.58  # room for the right-hand header lines
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.setStrokeColor(colors.black)
    _text(canvas, left, top - 4, AGENCY_NAME, font=FONT_BOLD, size=13, width=CONTENT_WIDTH)
    _text(canvas, left, top - 15, AGENCY_ADDRESS, font=FONT, size=7.5, width=CONTENT_WIDTH)
    _text(canvas, right, top - 4, title, font=FONT_BOLD, size=10, width=side, right=True)
    reference_text = fmt.t(N_("Case reference: %(reference)s"), reference=reference)
    _text(canvas, right, top - 15, reference_text, font=FONT, size=8, width=side, right=True)
    canvas.setLineWidth(1.2)
    canvas.line(left, top - 21, right, top - 21)

    bottom = 14 * mm
    canvas.setLineWidth(LINE)
    canvas.line(left, bottom, right, bottom)
    page_text = fmt.t(N_("Page %(page)s of %(pages)s"), page=page, pages=pages)
    _text(canvas, right, bottom - 10, page_text, font=FONT, size=7.5, width=side, right=True)
    hotline = fmt.t(
        N_("Hotline for municipal staff: %(phone)s · %(email)s"),
        phone=AGENCY_HOTLINE,
        email=AGENCY_EMAIL,
    )
    room = CONTENT_WIDTH - canvas.stringWidth(page_text, FONT, 7.5) - 12
    _text(canvas, left, bottom - 10, hotline, font=FONT, size=7.5, width=room)
    canvas.restoreState()


def build_pdf(
    fmt: Formatter, *, title: str, reference: str, story: Iterable[Flowable], subject: str = ""
) -> bytes:
    """Lay out the story on the agency's page template; title is an untranslated msgid."""
    ensure_fonts()
    title_text = fmt.t(title)
    buffer = io.BytesIO()
    # A frame without inner padding, so text and boxes align with the header rules.
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=[PageTemplate(id="form", frames=[frame])],
        title=f"{title_text} – {reference}",
        author=AGENCY_NAME,
        subject=subject or title_text,
        creator="Repatrieringsportalen",
        invariant=1,
    )
    decorate = partial(_decorate_page, fmt=fmt, title=title_text, reference=reference)
    # ReportLab shares font subsets between documents and is not thread-safe: two PDFs built
    # at once in one (threaded) worker could mix their glyphs. One build at a time.
    with _BUILD_LOCK:
        doc.build(list(story), canvasmaker=partial(_FormCanvas, decorate=decorate))
    return buffer.getvalue()


_BUILD_LOCK = threading.Lock()
