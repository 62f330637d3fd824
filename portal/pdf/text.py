"""Text for the forms: styles, widths, line breaking and drawing straight into the page stream.

Every text on the forms is plain (no markup): a style gives the font, size, leading and colour.
Lines are broken here and drawn with one text object per block, which is many times faster
than platypus paragraphs and canvas.drawString, and gives the same text to a PDF reader.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .fonts import FONT, FONT_BOLD, get_font


@dataclass(frozen=True)
class Style:
    font: str
    size: float
    leading: float
    color: tuple[float, float, float] = (0, 0, 0)
    right: bool = False
    space_before: float = 0
    space_after: float = 0


def _style(size: float, *, bold: bool = False, **kwargs) -> Style:
    return Style(FONT_BOLD if bold else FONT, size, size * 1.28, **kwargs)


STYLES = {
    "title": _style(15, bold=True, space_after=3),
    "intro": _style(8.5, space_after=4),
    "section": _style(9.5, bold=True),
    "label": _style(6.8, color=(0.2, 0.2, 0.2)),
    "value": _style(9.5),
    "head": _style(7, bold=True),
    "cell": _style(8),
    "cell_bold": _style(8, bold=True),
    "cell_right": _style(8, right=True),
    "cell_bold_right": _style(8, bold=True, right=True),
    "body": _style(9, space_before=3, space_after=3),
    "body_bold": _style(9, bold=True, space_before=3, space_after=3),
    "note": _style(8, space_before=3, space_after=2),
}

_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_RTL_RUN = re.compile(f"[{_RTL}]+(?:[ \u00a0]+[{_RTL}]+)*")
_RTL_CHAR = re.compile(f"[{_RTL}]")
_SPACES = re.compile(r"[ \t\r\f\v]+")


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


def _metrics(name: str) -> tuple[dict[int, float], float]:
    font = get_font(name)
    return font.widths, font.default_width


def text_width(text: str, font: str, size: float) -> float:
    widths, default = _metrics(font)
    get = widths.get
    return sum([get(code, default) for code in map(ord, text)]) * size / 1000


def _split_word(word: str, width: float, widths: dict[int, float], default: float) -> list[str]:
    """A word wider than the line, broken between characters as a paragraph would."""
    pieces, piece, used = [], "", 0.0
    for char in word:
        advance = widths.get(ord(char), default)
        if piece and used + advance > width:
            pieces.append(piece)
            piece, used = "", 0.0
        piece += char
        used += advance
    pieces.append(piece)
    return pieces


def wrap(text: str, style: Style, width: float) -> list[str]:
    """Text broken into lines that fit the width, in logical order; never fewer than one line.

    Newlines are kept; runs of spaces between words become one space, except no-break spaces.
    A line that fits is kept as it is. A word wider than the line is broken between letters.
    """
    widths, default = _metrics(style.font)
    get = widths.get
    room = width * 1000 / style.size  # in font units
    space = get(32, default)
    lines: list[str] = []
    for part in text.split("\n"):
        if sum([get(code, default) for code in map(ord, part)]) <= room:
            lines.append(part)
            continue
        line: list[str] = []
        used = -space
        for word in _SPACES.split(part.strip(" \t\r\f\v")):
            advance = sum([get(code, default) for code in map(ord, word)])
            if line and used + space + advance <= room:
                line.append(word)
                used += space + advance
                continue
            if line:
                lines.append(" ".join(line))
            if advance > room:
                *whole, word = _split_word(word, room, widths, default)
                lines += whole
                advance = sum([get(code, default) for code in map(ord, word)])
            line, used = [word], advance
        lines.append(" ".join(line))
    return lines


def n(value: float) -> str:
    """A number for the page stream."""
    return f"{value:.2f}"


def color_op(color: tuple[float, float, float]) -> str:
    return f"{color[0]} {color[1]} {color[2]} rg"


def text_ops(doc, style: Style, lines: list[tuple[float, float, str]]) -> str:
    """One text object that draws each (x, y, text) line in the style, state saved around it.

    x is the right edge for right-aligned styles. Text is put in visual order here; doc is
    the writer.PdfDocument that embeds the fonts.
    """
    font = doc.font(style.font)
    size, right, chunks = n(style.size), style.right, font.chunks
    ops = ["q BT", color_op(style.color)]
    append = ops.append
    current = None
    for x, y, text in lines:
        if not text:
            continue
        if _RTL_CHAR.search(text):
            text = visual_order(text)
        if right:
            x -= text_width(text, style.font, style.size)
        append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        for subset, chunk in chunks(text):
            if subset != current:
                append(f"/F{font.number}+{subset} {size} Tf")
                current = subset
            append(f"({chunk}) Tj")
    ops.append("ET Q")
    return " ".join(ops)
