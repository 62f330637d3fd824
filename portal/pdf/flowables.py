"""The blocks of the forms: section bars, boxed field rows and plain text.

The lists and signatures are in tables.py. Each block lays its text out once and draws with
a handful of PDF operators (see layout.py for how blocks flow down the pages).
"""

from __future__ import annotations

from collections.abc import Sequence

from .layout import Block
from .text import STYLES, Style, n, text_ops, wrap

LINE = 0.6
SHADE = (0.9, 0.9, 0.9)
PAD = 4  # inner padding of boxes, left and right
ROOM_BELOW_SECTION = 55  # points a section needs below its bar to start on the same page
_NUMBER_WIDTH = 22.7  # 8 mm


def box_ops(x: float, y: float, width: float, height: float, *, fill: bool = False) -> str:
    """A rectangle, stroked (and filled with the shade when fill is set)."""
    if fill:
        return f"{SHADE[0]} {SHADE[1]} {SHADE[2]} rg {x:.2f} {y:.2f} {width:.2f} {height:.2f} re B"
    return f"{x:.2f} {y:.2f} {width:.2f} {height:.2f} re S"


def line_ops(x1: float, y1: float, x2: float, y2: float) -> str:
    return f"{n(x1)} {n(y1)} m {n(x2)} {n(y2)} l S"


class SectionBar(Block):
    """A shaded, numbered section title that never ends a page on its own.

    When too little room is left below it, it claims more height than is available, so the
    frame moves it to the next page; unlike keepWithNext this never drags a long list along.
    """

    def __init__(self, number: int, title: str) -> None:
        self._number = str(number)
        self._title = title
        self._width = 0.0
        self.space_before = 6

    def wrap(self, width: float, room: float) -> float:
        if width != self._width:
            self._width = self.width = width
            style = STYLES["section"]
            self._lines = wrap(self._title, style, width - _NUMBER_WIDTH - 2 * PAD)
            self.height = 5 + len(self._lines) * style.leading
        if room < self.height + ROOM_BELOW_SECTION:
            return room + 1  # never split: the bar moves to the next page whole
        return self.height

    def draw(self, doc) -> str:
        style = STYLES["section"]
        baseline = self.height - 2 - style.size
        lines = [(PAD, baseline, self._number)]
        for index, line in enumerate(self._lines):
            lines.append((_NUMBER_WIDTH + PAD, baseline - index * style.leading, line))
        return (
            f"{LINE} w {box_ops(0, 0, self.width, self.height, fill=True)} "
            f"{line_ops(_NUMBER_WIDTH, 0, _NUMBER_WIDTH, self.height)} "
            + text_ops(doc, style, lines)
        )


class TextBlock(Block):
    """Plain text in one style, wrapped to the frame; splits between lines across pages."""

    def __init__(self, text: str, style: Style, lines: list[str] | None = None) -> None:
        self._text = text
        self._style = style
        self._lines = lines or []
        self._width = None  # the width the lines were broken for
        self._fixed = lines is not None  # a part of a split block keeps its lines
        self.space_before = style.space_before
        self.space_after = style.space_after

    def wrap(self, width: float, room: float) -> float:
        if width != self._width and not self._fixed:
            self._width = width
            self._lines = wrap(self._text, self._style, width)
        self.width = width
        self.height = len(self._lines) * self._style.leading
        return self.height

    def split(self, width: float, room: float) -> list[Block]:
        self.wrap(width, room)
        fit = int(room // self._style.leading)
        if fit < 1 or fit >= len(self._lines):
            return []
        first = TextBlock(self._text, self._style, self._lines[:fit])
        rest = TextBlock(self._text, self._style, self._lines[fit:])
        first.space_after = rest.space_before = 0
        return [first, rest]

    def draw(self, doc) -> str:
        style = self._style
        top = self.height - style.size
        x = self.width if style.right else 0
        lines = [(x, top - i * style.leading, line) for i, line in enumerate(self._lines)]
        return text_ops(doc, style, lines)


Cell = tuple[str, str, float]  # translated label, value, width in points


class FieldRows(Block):
    """Rows of boxed fields, a small label above each value; values wrap inside their box.

    Splits between rows, so a long group of fields continues on the next page. The widths are
    given, so the layout is done once, when the rows are made.
    """

    def __init__(self, rows: Sequence[Sequence[Cell]]) -> None:
        self._rows = list(rows)
        label, value = STYLES["label"], STYLES["value"]
        self._layout = []
        for row in self._rows:
            cells = [
                (wrap(text, label, w - 2 * PAD), wrap(val, value, w - 2 * PAD), w)
                for text, val, w in row
            ]
            height = max(
                2 + len(labels) * label.leading + len(values) * value.leading + 3
                for labels, values, _w in cells
            )
            self._layout.append((cells, height))
        self.height = sum(height for _cells, height in self._layout)

    def wrap(self, width: float, room: float) -> float:
        self.width = width
        return self.height

    def split(self, width: float, room: float) -> list[Block]:
        used = 0.0
        for index, (_cells, height) in enumerate(self._layout):
            if used + height > room:
                if index == 0:
                    return self._split_first_row(room)
                return [FieldRows(self._rows[:index]), FieldRows(self._rows[index:])]
            used += height
        return [self]

    def _split_first_row(self, room: float) -> list[Block]:
        """Split a row taller than the room left between lines of its values."""
        label, value = STYLES["label"], STYLES["value"]
        cells, _height = self._layout[0]
        label_height = max(len(labels) for labels, _values, _w in cells) * label.leading
        fit = int((room - 5 - label_height) // value.leading)
        if fit < 2:
            return []  # not even two lines: start the row on the next page
        first, rest = [], []
        for (text, _value, width), (_labels, values, _w) in zip(self._rows[0], cells, strict=True):
            first.append((text, "\n".join(values[:fit]), width))
            rest.append((text, "\n".join(values[fit:]), width))
        return [FieldRows([first]), FieldRows([rest, *self._rows[1:]])]

    def draw(self, doc) -> str:
        label, value = STYLES["label"], STYLES["value"]
        ops = [f"{LINE} w"]
        labels_at: list[tuple[float, float, str]] = []
        values_at: list[tuple[float, float, str]] = []
        top = self.height
        for cells, height in self._layout:
            x = 0.0
            for labels, values, width in cells:
                ops.append(box_ops(x, top - height, width, height))
                baseline = top - 2 - label.size
                for line in labels:
                    labels_at.append((x + PAD, baseline, line))
                    baseline -= label.leading
                baseline += label.leading - value.leading - 1
                for line in values:
                    values_at.append((x + PAD, baseline, line))
                    baseline -= value.leading
                x += width
            top -= height
        ops.append(text_ops(doc, label, labels_at))
        ops.append(text_ops(doc, value, values_at))
        return " ".join(ops)
