"""Blocks flowing down the pages of a form: the small part of platypus the forms need.

A block measures itself for the frame width (wrap), may split when it does not fit (split)
and draws itself as PDF operators relative to its bottom-left corner (draw). The story is
laid out like a platypus frame: space before a block is dropped at the top of a page and
overlaps the space after the previous block, and a block that does not fit is split, or
moved to the next page.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Iterable, Sequence
from typing import Protocol


class Writer(Protocol):
    """What blocks draw with: the document's fonts (see writer.PdfDocument)."""

    def font(self, name: str): ...


class Block(ABC):
    space_before: float = 0.0
    space_after: float = 0.0
    width: float = 0.0
    height: float = 0.0

    @abstractmethod
    def wrap(self, width: float, room: float) -> float:
        """Lay out for the width; the height needed (more than room moves it on)."""

    def split(self, width: float, room: float) -> list[Block]:
        """Parts whose first fits the room, or [] when the block cannot be split there."""
        return []

    @abstractmethod
    def draw(self, doc: Writer) -> str:
        """PDF operators relative to the block's bottom-left corner, after wrap()."""


class Keep(Block):
    """Blocks kept on one page when they fit on one: paginate() moves them to the next page
    together, then places them one by one (so a Keep taller than a page still splits).
    Measured or drawn as a block of its own, it stacks its blocks as paginate() would."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = list(blocks)

    @property
    def space_before(self) -> float:  # type: ignore[override]
        return self.blocks[0].space_before if self.blocks else 0.0

    @property
    def space_after(self) -> float:  # type: ignore[override]
        return self.blocks[-1].space_after if self.blocks else 0.0

    def wrap(self, width: float, room: float) -> float:
        self.width, self.height = width, self.total(width)
        return self.height

    def draw(self, doc: Writer) -> str:
        ops, y, after = [], self.height, None
        for block in self.blocks:
            if after is not None:
                y -= max(block.space_before - after, 0)
            y -= block.height
            ops.append(f"q 1 0 0 1 0 {y:.2f} cm {block.draw(doc)} Q")
            after = block.space_after
        return " ".join(ops)

    def total(self, width: float) -> float:
        height, after = 0.0, None
        for block in self.blocks:
            if after is not None:
                height += max(block.space_before - after, 0)
            height += block.wrap(width, 1e9)
            after = block.space_after
        return height


_FUZZ = 1e-6

Placed = tuple[Block, float, float]  # block, x, y of its bottom edge


def paginate(story: Iterable[Block], x: float, bottom: float, width: float, height: float):
    """The story laid out on pages: per page, the blocks with their positions."""
    pages: list[list[Placed]] = [[]]
    top = bottom + height
    y, after, at_top = top, 0.0, True
    queue = deque(story)
    while queue:
        block = queue.popleft()
        if isinstance(block, Keep):
            space = 0.0 if at_top else max(block.space_before - after, 0)
            if not at_top and block.total(width) + space > y - bottom + _FUZZ:
                pages.append([])
                y, after, at_top = top, 0.0, True
            queue.extendleft(reversed(block.blocks))
            continue
        space = 0.0 if at_top else max(block.space_before - after, 0)
        room = y - bottom - space
        needed = block.wrap(width, room)
        if needed <= room + _FUZZ:
            y -= space + needed
            pages[-1].append((block, x, y))
            after = block.space_after
            y -= after
            at_top = False
            continue
        parts = block.split(width, room)
        if parts and parts[0] is not block:
            queue.extendleft(reversed(parts))
            continue
        if at_top:  # taller than a whole page and cannot split: drawn anyway, overflowing
            y -= needed
            pages[-1].append((block, x, y))
            y, after, at_top = bottom, 0.0, False
            continue
        queue.appendleft(block)
        pages.append([])
        y, after, at_top = top, 0.0, True
    return pages


def draw_page(doc: Writer, placed: list[Placed]) -> list[str]:
    """The page's operators: each block drawn in its own coordinates."""
    return [f"q 1 0 0 1 {x:.2f} {y:.2f} cm {block.draw(doc)} Q" for block, x, y in placed]
