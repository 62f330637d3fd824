"""Lists and signature lines, drawn straight into the page stream like the other flowables.

A list has a shaded header row that repeats on every page it flows onto, boxed cells whose
text wraps inside the cell, and an optional shaded footer row (a total, say). Signatures are
date and signature lines with the signer's name and role below, two signers side by side.
"""

from __future__ import annotations

from collections.abc import Sequence

from .flowables import LINE, PAD, box_ops, line_ops
from .layout import Block
from .text import STYLES, Style, text_ops, wrap

_TOP, _BOTTOM = 2, 3  # inner padding of list cells above and below the text

# A laid-out row: its cells as (x, width, style, lines), its height, whether it is shaded.
_Row = tuple[list[tuple[float, float, Style, list[str]]], float, bool]


def _row(texts: Sequence[str], widths: Sequence[float], styles: Sequence[Style], shaded: bool):
    cells, x = [], 0.0
    for text, width, style in zip(texts, widths, styles, strict=True):
        cells.append((x, width, style, wrap(text, style, width - 2 * PAD)))
        x += width
    height = max(len(lines) * style.leading for _x, _w, style, lines in cells) + _TOP + _BOTTOM
    return cells, height, shaded


def _bold(style: Style) -> Style:
    return STYLES["cell_bold_right"] if style.right else STYLES["cell_bold"]


class ListTable(Block):
    """A list as boxed rows under a header row; splits between rows and repeats the header.

    right marks the columns whose values are right-aligned (amounts). footer is an optional
    last row (label, value): the label spans all columns but the last, which holds the value.
    """

    def __init__(
        self,
        widths: Sequence[float],
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        right: Sequence[bool],
        footer: tuple[str, str] | None = None,
    ) -> None:
        head, cell, cell_right = STYLES["head"], STYLES["cell"], STYLES["cell_right"]
        styles = [cell_right if r else cell for r in right]
        self._header = _row(header, widths, [head] * len(widths), True)
        self._rows = [_row(values, widths, styles, False) for values in rows]
        if footer is not None:
            spans = [sum(widths[:-1]), widths[-1]]
            self._rows.append(_row(footer, spans, [_bold(cell), _bold(styles[-1])], True))
        self._measure()

    @classmethod
    def _part(cls, header: _Row, rows: list[_Row]) -> ListTable:
        part = cls.__new__(cls)
        part._header, part._rows = header, rows
        part._measure()
        return part

    def _measure(self) -> None:
        self.height = self._header[1] + sum(height for _cells, height, _s in self._rows)

    def wrap(self, width: float, room: float) -> float:
        self.width = width
        return self.height

    def split(self, width: float, room: float) -> list[Block]:
        used = self._header[1]
        for index, (_cells, height, _shaded) in enumerate(self._rows):
            if used + height > room:
                if index == 0:
                    return []  # not even one row under the header: start on the next page
                return [
                    ListTable._part(self._header, self._rows[:index]),
                    ListTable._part(self._header, self._rows[index:]),
                ]
            used += height
        return [self]

    def draw(self, doc) -> str:
        ops = [f"{LINE} w"]
        texts: dict[Style, list[tuple[float, float, str]]] = {}
        top = self.height
        for cells, height, shaded in [self._header, *self._rows]:
            for x, width, style, lines in cells:
                ops.append(box_ops(x, top - height, width, height, fill=shaded))
                left = x + width - PAD if style.right else x + PAD
                baseline = top - _TOP - style.size
                placed = texts.setdefault(style, [])
                for line in lines:
                    placed.append((left, baseline, line))
                    baseline -= style.leading
            top -= height
        ops += [text_ops(doc, style, lines) for style, lines in texts.items()]
        return " ".join(ops)


_GAP = 8 * 72 / 25.4  # 8 mm between two signers
_SIGN_HEIGHT = 26  # room to sign above the lines
_ROW_TOP, _ROW_BOTTOM = 3, 4  # padding above and below each row of signers


class Signatures(Block):
    """Date and signature lines per signer, two signers side by side, name and role below.

    signers are (name, role) with the role already translated; labels are the translated
    "Date" and "Signature". A row of signers is never split; a long list splits between rows.
    """

    def __init__(self, signers: Sequence[tuple[str, str]], labels: tuple[str, str]) -> None:
        per_row = 2 if len(signers) > 1 else 1
        rows = [list(signers[i : i + per_row]) for i in range(0, len(signers), per_row)]
        self._setup(rows, per_row, labels)

    def _setup(self, rows: list[list[tuple[str, str]]], per_row: int, labels) -> None:
        self._signer_rows, self._per_row, self._labels = rows, per_row, labels
        self._layout: list[tuple[list[tuple[list[str], list[str]]], float]] = []
        self._width: float | None = None
        self.space_before = 4

    @classmethod
    def _part(cls, rows, per_row: int, labels) -> Signatures:
        part = cls.__new__(cls)
        part._setup(rows, per_row, labels)
        return part

    def _lay_out(self, width: float) -> None:
        gap = _GAP if self._per_row == 2 else 0
        self._signer_width = (width - gap * (self._per_row - 1)) / self._per_row
        name_width = self._signer_width * 0.64
        cell, label = STYLES["cell"], STYLES["label"]
        self._layout = []
        for row in self._signer_rows:
            laid = [
                (wrap(name, cell, name_width), wrap(role, cell, name_width)) for name, role in row
            ]
            height = max(
                _SIGN_HEIGHT + 3 + label.leading + (len(names) + len(roles)) * cell.leading
                for names, roles in laid
            )
            self._layout.append((laid, _ROW_TOP + height + _ROW_BOTTOM))
        self.height = sum(height for _laid, height in self._layout)
        self._width = width

    def wrap(self, width: float, room: float) -> float:
        if width != self._width:
            self._lay_out(width)
        self.width = width
        return self.height

    def split(self, width: float, room: float) -> list[Block]:
        self.wrap(width, room)
        used = 0.0
        for index, (_laid, height) in enumerate(self._layout):
            if used + height > room:
                if index == 0:
                    return []
                rows, per_row, labels = self._signer_rows, self._per_row, self._labels
                return [
                    Signatures._part(rows[:index], per_row, labels),
                    Signatures._part(rows[index:], per_row, labels),
                ]
            used += height
        return [self]

    def draw(self, doc) -> str:
        cell, label = STYLES["cell"], STYLES["label"]
        width = self._signer_width
        step = width + (_GAP if self._per_row == 2 else 0)
        ops = [f"{LINE} w"]
        labels_at: list[tuple[float, float, str]] = []
        names_at: list[tuple[float, float, str]] = []
        top = self.height
        for laid, height in self._layout:
            for column, (names, roles) in enumerate(laid):
                left = column * step
                right = left + width * 0.36  # the signature column, after the date and a gap
                line = top - _ROW_TOP - _SIGN_HEIGHT
                ops.append(line_ops(left, line, left + width * 0.3, line))
                ops.append(line_ops(right, line, left + width, line))
                baseline = line - 1 - label.size
                labels_at += [(left, baseline, self._labels[0]), (right, baseline, self._labels[1])]
                baseline = line - 1 - label.leading - 1 - cell.size
                for text in names:
                    names_at.append((right, baseline, text))
                    baseline -= cell.leading
                baseline -= 1
                for text in roles:
                    names_at.append((right, baseline, text))
                    baseline -= cell.leading
            top -= height
        ops.append(text_ops(doc, label, labels_at))
        ops.append(text_ops(doc, cell, names_at))
        return " ".join(ops)
