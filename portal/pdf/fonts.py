"""DejaVu Sans for the forms: parsed once per process, with its common glyphs prepared once.

A TrueType font is embedded as subsets of up to 256 glyphs. Making and compressing a subset
costs milliseconds, so the first subset of each font is fixed: ASCII, Latin-1 (Danish æøå
included) and the punctuation and ballot boxes the forms print. It is made, compressed and
formatted once per process, and the same bytes are embedded in every document. Any other
character (an Arabic or Cyrillic name, say) goes into further subsets made per document, as
ReportLab does it (its TrueType parser and subsetter are used for both).
"""

from __future__ import annotations

import threading
import zlib
from pathlib import Path

from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFontFace,
    makeToUnicodeCMap,
)

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}

# Besides ASCII and Latin-1: dashes, quotes, bullet, ellipsis, euro sign and the ballot boxes.
_EXTRA_CHARS = "–—‘’‚“”„•…€☐☒"
_BASE_CHARS = [*range(0xA1, 0x100), *map(ord, _EXTRA_CHARS)]

# The TrueType parser reads through a file position: one subset is made at a time.
_SUBSET_LOCK = threading.Lock()


def escaped_byte(byte: int) -> str:
    """One byte of a PDF literal string, escaped as ReportLab's escapePDF() does."""
    if byte < 32 or byte >= 127:
        return f"\\{byte:03o}"
    return "\\" + chr(byte) if chr(byte) in "\\()" else chr(byte)


def stream(content: bytes, **entries: int) -> bytes:
    """A compressed PDF stream object body (dictionary and data)."""
    data = zlib.compress(content)
    extra = "".join(f" /{key} {value}" for key, value in entries.items())
    return (
        f"<< /Filter /FlateDecode /Length {len(data)}{extra} >>\nstream\n".encode()
        + data
        + b"\nendstream"
    )


class Subset:
    """One embedded subset: its font program, ToUnicode map and widths, as PDF bytes."""

    def __init__(self, face: TTFontFace, number: int, codes: list[int]) -> None:
        name = b"".join((SUBSETN(number), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
        self.base_font = name
        program = face.makeSubset(codes)
        self.font_file = stream(program, Length1=len(program))
        self.to_unicode = stream(makeToUnicodeCMap(name, codes).encode("latin-1"))
        widths = " ".join(str(round(face.getCharWidth(code), 3)) for code in codes)
        self.widths = f"[ {widths} ]"
        self.last_char = len(codes) - 1


class Font:
    """A TrueType font parsed once, with subset 0 (the common glyphs) made once."""

    def __init__(self, name: str, filename: str) -> None:
        self.name = name
        self.face = face = TTFontFace(filename)
        self.widths: dict[int, float] = face.charWidths
        self.default_width: float = face.defaultWidth
        codes = [0] * 32 + [code if code in face.charToGlyph else 0 for code in range(32, 127)]
        extra = [code for code in _BASE_CHARS if code in face.charToGlyph]
        free = [*range(1, 32), *range(127, 256)]
        if len(extra) > len(free):
            raise ValueError("too many common characters for one subset")
        for code, slot in zip(extra, free, strict=False):
            if slot < 32:
                codes[slot] = code
            else:
                codes.append(code)
        self.base_codes = codes
        self.base_slots = {code: n for n, code in enumerate(codes) if code or n == 0}
        # Text made of these characters becomes a PDF string of subset 0 in one translate().
        self.base_escapes = {code: escaped_byte(n) for code, n in self.base_slots.items()}
        self.base_escapes[0xA0] = " "  # a no-break space prints as a space
        self.base = Subset(face, 0, codes)
        flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
        bbox = " ".join(str(round(v, 3)) for v in face.bbox)
        self.descriptor = (
            f"/Type /FontDescriptor /Ascent {round(face.ascent, 3)} "
            f"/CapHeight {round(face.capHeight, 3)} /Descent {round(face.descent, 3)} "
            f"/Flags {flags} /FontBBox [ {bbox} ] /ItalicAngle {face.italicAngle} "
            f"/StemV {face.stemV} /MissingWidth {round(face.defaultWidth, 3)}"
        )


class FontUse:
    """The subsets of one font in one document: subset 0 shared, later ones its own."""

    def __init__(self, font: Font, number: int) -> None:
        self.font = font
        self.number = number  # the font's resource name is /F<number>+<subset>
        self._slots: dict[int, int] = {}  # further characters -> code (subset * 256 + byte)
        self._subsets: list[list[int]] = [font.base_codes]
        self._next = 256

    def chunks(self, text: str) -> list[tuple[int, str]]:
        """The text as (subset, escaped PDF string) runs."""
        escaped = text.translate(self.font.base_escapes)
        if escaped.isascii() and escaped.isprintable():
            return [(0, escaped)]  # the common case: every character in subset 0
        runs: list[tuple[int, str]] = []
        base, char_to_glyph = self.font.base_slots, self.font.face.charToGlyph
        for char in text:
            code = 32 if char == "\u00a0" else ord(char)
            slot = base.get(code)
            if slot is None:
                slot = self._slots.get(code)
            if slot is None:
                slot = self._assign(code) if code in char_to_glyph else 0
            subset, byte = slot >> 8, escaped_byte(slot & 0xFF)
            if runs and runs[-1][0] == subset:
                runs[-1] = (subset, runs[-1][1] + byte)
            else:
                runs.append((subset, byte))
        return runs

    def _assign(self, code: int) -> int:
        """The next free code, as ReportLab assigns them: 0 is .notdef and 32 a space."""
        slot = self._next
        if not slot & 0xFF:
            self._subsets.append([0])
            slot += 1
        if slot & 0xFF == 32:
            self._subsets[slot >> 8].append(32)
            slot += 1
        self._subsets[slot >> 8].append(code)
        self._slots[code] = slot
        self._next = slot + 1
        return slot

    def subsets(self) -> list[tuple[int, Subset]]:
        """Every subset used, subset 0 prepared and the others made now."""
        result = [(0, self.font.base)]
        for number, codes in enumerate(self._subsets[1:], start=1):
            with _SUBSET_LOCK:
                result.append((number, Subset(self.font.face, number, codes)))
        return result


_lock = threading.Lock()
_fonts: dict[str, Font] = {}


def get_font(name: str) -> Font:
    """The parsed font; the first call in a process parses and prepares both fonts."""
    try:
        return _fonts[name]
    except KeyError:
        ensure_fonts()
        return _fonts[name]


def ensure_fonts() -> None:
    """Parse DejaVu Sans once per process: parsing and preparing the fonts is the slow part."""
    if len(_fonts) == len(_FILES):
        return
    with _lock:
        for name, filename in _FILES.items():
            if name not in _fonts:
                with _SUBSET_LOCK:
                    _fonts[name] = Font(name, str(FONT_DIR / filename))
