"""The PDF file itself: pages of operators, the embedded font subsets and the metadata.

A plain PDF 1.4 file with one content stream per page, compressed, and the TrueType fonts
as subsets (fonts.py). Written directly: a form has some twenty objects, and formatting them
through ReportLab's generic object model cost more than drawing the whole form.
"""

from __future__ import annotations

import hashlib
import zlib

from .fonts import FontUse, get_font

PAGE_SIZE = (595.2756, 841.8898)  # A4 in points, as ReportLab has it


def _text_string(text: str) -> str:
    """A PDF text string for the metadata: UTF-16 with a byte order mark, in hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class PdfDocument:
    """Collects the fonts a document uses, then writes pages and metadata as a PDF file."""

    def __init__(self) -> None:
        self._fonts: dict[str, FontUse] = {}

    def font(self, name: str) -> FontUse:
        try:
            return self._fonts[name]
        except KeyError:
            use = self._fonts[name] = FontUse(get_font(name), len(self._fonts) + 1)
            return use

    def write(self, pages: list[str], info: dict[str, str]) -> bytes:
        """The file: pages are content streams (operators), info the metadata entries."""
        objects: list[bytes] = [b"", b"", b""]  # catalog, page tree, info: filled in below
        font_refs: list[str] = []
        for use in self._fonts.values():
            for number, subset in use.subsets():
                first = len(objects) + 1  # font, descriptor, font file, ToUnicode map
                objects.append(
                    f"<< /Type /Font /Subtype /TrueType /Name /F{use.number}+{number} "
                    f"/BaseFont /{subset.base_font} /FirstChar 0 /LastChar {subset.last_char} "
                    f"/Widths {subset.widths} /FontDescriptor {first + 1} 0 R "
                    f"/ToUnicode {first + 3} 0 R >>".encode()
                )
                objects.append(
                    f"<< {use.font.descriptor} /FontName /{subset.base_font} "
                    f"/FontFile2 {first + 2} 0 R >>".encode()
                )
                objects += [subset.font_file, subset.to_unicode]
                font_refs.append(f"/F{use.number}+{number} {first} 0 R")
        resources = len(objects) + 1
        objects.append(f"<< /Font << {' '.join(font_refs)} >> /ProcSet [ /PDF /Text ] >>".encode())
        kids = []
        digest = hashlib.md5(usedforsecurity=False)
        width, height = PAGE_SIZE
        for content in pages:
            data = content.encode("ascii")
            digest.update(data)
            kids.append(f"{len(objects) + 1} 0 R")
            objects.append(
                f"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 {width} {height} ] "
                f"/Resources {resources} 0 R /Contents {len(objects) + 2} 0 R >>".encode()
            )
            compressed = zlib.compress(data)
            objects.append(
                f"<< /Filter /FlateDecode /Length {len(compressed)} >>\nstream\n".encode()
                + compressed
                + b"\nendstream"
            )
        objects[0] = b"<< /Type /Catalog /Pages 2 0 R /PageMode /UseNone >>"
        objects[1] = f"<< /Type /Pages /Kids [ {' '.join(kids)} ] /Count {len(kids)} >>".encode()
        entries = " ".join(f"/{key} {_text_string(value)}" for key, value in info.items())
        objects[2] = f"<< {entries} >>".encode()
        digest.update(objects[2])

        out = [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"]
        offsets, position = [], len(out[0])
        for number, body in enumerate(objects, start=1):
            chunk = b"%d 0 obj\n%s\nendobj\n" % (number, body)
            offsets.append(position)
            position += len(chunk)
            out.append(chunk)
        xref = [f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"]
        xref += [f"{offset:010d} 00000 n \n" for offset in offsets]
        file_id = digest.hexdigest()
        xref.append(
            f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 3 0 R "
            f"/ID [ <{file_id}> <{file_id}> ] >>\nstartxref\n{position}\n%%EOF\n"
        )
        out.append("".join(xref).encode())
        return b"".join(out)
