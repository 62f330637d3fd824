"""Two flowables drawn straight on the canvas: the section bar and the boxed field rows.

They are the bulk of every form, and drawing them directly is several times faster than
laying out a platypus table per row, which keeps a family's forms well within budget.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from .base import LINE, SHADE, STYLES, visual_order

PAD = 4  # inner padding of boxes, left and right
ROOM_BELOW_SECTION = 55  # points a section needs below its bar to start on the same page
_NUMBER_WIDTH = 22.7  # 8 mm


def _lines(text: str, style: str, width: float) -> list[str]:
    """Text broken into lines that fit the width, in logical order; never fewer than one."""
    font = STYLES[style]
    lines: list[str] = []
    for part in text.split("\n"):
        if stringWidth(part, font.fontName, font.fontSize) <= width:
            lines.append(part)  # kept as is, spacing between checkboxes included
        else:
            lines += simpleSplit(part, font.fontName, font.fontSize, width)
    return lines


class SectionBar(Flowable):
    """A shaded, numbered section title that never ends a page on its own.

    When too little room is left below it, it claims more height than is available, so the
    frame moves it to the next page; unlike keepWithNext this never drags a long list along.
    """

    def __init__(self, number: int, title: str) -> None:
        super().__init__()
        self._number = str(number)
        self._title = title
        self.spaceBefore = 6

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self._title_lines = _lines(self._title, "section", availWidth - _NUMBER_WIDTH - 2 * PAD)
        self.height = 5 + len(self._title_lines) * STYLES["section"].leading
        if availHeight < self.height + ROOM_BELOW_SECTION:
            return availWidth, availHeight + 1
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []  # never split: the bar moves to the next page whole

    def draw(self) -> None:
        canvas, font = self.canv, STYLES["section"]
        canvas.setLineWidth(LINE)
        canvas.setFillColor(SHADE)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        canvas.line(_NUMBER_WIDTH, 0, _NUMBER_WIDTH, self.height)
        canvas.setFillColor(colors.black)
        canvas.setFont(font.fontName, font.fontSize)
        baseline = self.height - 2 - font.fontSize
        canvas.drawString(PAD, baseline, self._number)
        for line in self._title_lines:
            canvas.drawString(_NUMBER_WIDTH + PAD, baseline, visual_order(line))
            baseline -= font.leading


Cell = tuple[str, str, float]  # translated label, value, width in points


class FieldRows(Flowable):
    """Rows of boxed fields, a small label above each value; values wrap inside their box.

    Splits between rows, so a long group of fields continues on the next page.
    """

    def __init__(self, rows: Sequence[Sequence[Cell]]) -> None:
        super().__init__()
        self._rows = list(rows)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        label, value = STYLES["label"], STYLES["value"]
        self._layout = []
        for row in self._rows:
            cells = [
                (_lines(text, "label", w - 2 * PAD), _lines(val, "value", w - 2 * PAD), w)
                for text, val, w in row
            ]
            height = max(
                2 + len(labels) * label.leading + len(values) * value.leading + 3
                for labels, values, _w in cells
            )
            self._layout.append((cells, height))
        self.width = availWidth
        self.height = sum(height for _cells, height in self._layout)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        used = 0.0
        for index, (_cells, height) in enumerate(self._layout):
            if used + height > availHeight:
                if index == 0:
                    return self._split_first_row(availHeight)
                return [FieldRows(self._rows[:index]), FieldRows(self._rows[index:])]
            used += height
        return [self]

    def _split_first_row(self, availHeight: float) -> list[Flowable]:
        """Split a row taller than the room left between lines of its values."""
        label, value = STYLES["label"], STYLES["value"]
        cells, _height = self._layout[0]
        label_height = max(len(labels) for labels, _values, _w in cells) * label.leading
        fit = int((availHeight - 5 - label_height) // value.leading)
        if fit < 2:
            return []  # not even two lines: start the row on the next page
        first, rest = [], []
        for (text, _value, width), (_labels, values, _w) in zip(self._rows[0], cells, strict=True):
            first.append((text, "\n".join(values[:fit]), width))
            rest.append((text, "\n".join(values[fit:]), width))
        return [FieldRows([first]), FieldRows([rest, *self._rows[1:]])]

    def draw(self) -> None:
        canvas, label, value = self.canv, STYLES["label"], STYLES["value"]
        canvas.setLineWidth(LINE)
        top = self.height
        for cells, height in self._layout:
            x = 0.0
            for labels, values, width in cells:
                canvas.rect(x, top - height, width, height)
                baseline = top - 2 - label.fontSize
                canvas.setFillColor(label.textColor)
                canvas.setFont(label.fontName, label.fontSize)
                for line in labels:
                    canvas.drawString(x + PAD, baseline, visual_order(line))
                    baseline -= label.leading
                baseline += label.leading - value.leading - 1
                canvas.setFillColor(value.textColor)
                canvas.setFont(value.fontName, value.fontSize)
                for line in values:
                    canvas.drawString(x + PAD, baseline, visual_order(line))
                    baseline -= value.leading
                x += width
            top -= height
