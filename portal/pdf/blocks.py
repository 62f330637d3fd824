"""The building blocks of the official forms, drawn as on the agency's paper forms.

Numbered section bars, boxed label/value fields, checkboxes, lists and signature blocks.
Lists flow onto further pages and repeat their header row.
Every label is an untranslated msgid (marked with N_) translated here at render time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from .base import CONTENT_WIDTH, para
from .data import N_, CaseData, Formatter, PersonData
from .flowables import FieldRows, SectionBar
from .layout import Block, Keep
from .tables import ListTable, Signatures

GRID_COLUMNS = 12
CHECKED = "\u2612"  # ☒
UNCHECKED = "\u2610"  # ☐


def checkbox(checked: bool, text: str) -> str:
    """A ballot box glyph before a text: real text, so it survives extraction and printing."""
    return f"{CHECKED if checked else UNCHECKED}\u00a0{text}"


def checkboxes(*boxes: str) -> str:
    """Several checkboxes on one line, spaced apart (the paragraph collapses plain spaces)."""
    return "\u00a0\u00a0\u00a0\u00a0 ".join(boxes)


def yes_no(fmt: Formatter, value: bool | None) -> str:
    """Both boxes, one ticked, as on paper; None leaves both empty."""
    return checkboxes(
        checkbox(value is True, fmt.t(N_("Yes"))), checkbox(value is False, fmt.t(N_("No")))
    )


def check_line(fmt: Formatter, checked: bool, msgid: str, **params: object) -> Block:
    return para(checkbox(checked, fmt.t(msgid, **params)), "body")


def title_block(
    fmt: Formatter, title: str, intro: str | None = None, **params: object
) -> list[Block]:
    """The form's name in large type, with a line on who fills it in and where it goes."""
    blocks: list[Block] = [para(fmt.t(title), "title")]
    if intro:
        blocks.append(para(fmt.t(intro, **params), "intro"))
    return blocks


class Sections:
    """Numbered section bars (1, 2, 3 …) as on the agency's paper forms."""

    def __init__(self, fmt: Formatter) -> None:
        self._fmt = fmt
        self._number = 0

    def __call__(self, msgid: str, **params: object) -> Block:
        self._number += 1
        return SectionBar(self._number, self._fmt.t(msgid, **params))


Field = tuple[str, str] | tuple[str, str, int]

def fields(fmt: Formatter, rows: Sequence[Sequence[Field]]) -> list[Block]:
    """Boxed fields, small label above the value; each row splits 12 columns among its fields.

    A field is (label msgid, value) or (label msgid, value, span); unspanned fields share the
    columns left over equally.
    """
    grid: list[list[tuple[str, str, float]]] = []
    for row in rows:
        fixed = sum(f[2] for f in row if len(f) == 3)
        free = [f for f in row if len(f) == 2]
        share = (GRID_COLUMNS - fixed) / len(free) if free else 0
        grid.append(
            [
                (fmt.t(f[0]), f[1], CONTENT_WIDTH * (f[2] if len(f) == 3 else share) / GRID_COLUMNS)
                for f in row
            ]
        )
    return [FieldRows(grid)]


def municipality_text(case: CaseData) -> str:
    """The municipality as the agency writes it: official code and name."""
    return f"{case.municipality_code} {case.municipality_name}"


def case_fields(fmt: Formatter, case: CaseData) -> list[Block]:
    """Case and municipality, the same block on every form."""
    return fields(
        fmt,
        [
            [
                (N_("Case reference"), case.reference, 3),
                (N_("Municipality"), municipality_text(case), 5),
                (N_("Type of case"), case.kind_label, 4),
            ],
            [
                (N_("Caseworker"), case.caseworker_name, 4),
                (N_("E-mail"), case.caseworker_email, 5),
                (N_("Phone"), case.caseworker_phone or "", 3),
            ],
            [
                (N_("Destination country"), case.destination_name, 6),
                (N_("Planned departure"), fmt.date_text(case.planned_departure), 6),
            ],
        ],
    )


def case_summary(fmt: Formatter, case: CaseData) -> list[Block]:
    """Case and municipality in one row, for forms whose subject is not the case itself."""
    return fields(
        fmt,
        [
            [
                (N_("Case reference"), case.reference, 3),
                (N_("Municipality"), municipality_text(case), 4),
                (N_("Caseworker"), f"{case.caseworker_name}, {case.caseworker_email}", 5),
            ]
        ],
    )


def person_fields(fmt: Formatter, person: PersonData) -> list[Block]:
    """Identity and travel document of one person."""
    return fields(
        fmt,
        [
            [
                (N_("Full name"), person.full_name, 8),
                (N_("CPR number"), person.cpr_formatted or "", 4),
            ],
            [
                (N_("Date of birth"), fmt.date_text(person.birth_date), 3),
                (N_("Nationality"), person.nationality_name, 3),
                (N_("Relation"), person.relation_label, 3),
                (N_("Phone"), person.phone or "", 3),
            ],
            [
                (N_("Passport or travel document no."), person.passport_number or "", 4),
                (N_("Issued by (country)"), person.passport_country_name or "", 4),
                (N_("Valid until"), fmt.date_text(person.passport_expiry), 4),
            ],
        ],
    )


class Column(NamedTuple):
    """A column of a list: header msgid, relative width, the text of a row; amounts go right."""

    header: str
    width: float
    value: Callable[[Any], str]
    right: bool = False


def list_table(
    fmt: Formatter,
    columns: Sequence[Column],
    items: Sequence[Any],
    *,
    numbered: bool = True,
    footer: tuple[str, str] | None = None,
) -> Block:
    """A list that splits across pages and repeats its header row.

    footer is an optional last row (label, value), e.g. a total: the label spans all columns
    but the last, which holds the value.
    """
    specs = list(columns)
    if numbered:
        specs.insert(0, Column(N_("No."), 0.65, lambda _item: ""))
    scale = CONTENT_WIDTH / sum(c.width for c in specs)
    rows = [
        [str(index), *(c.value(item) for c in columns)]
        if numbered
        else [c.value(item) for c in columns]
        for index, item in enumerate(items, start=1)
    ]
    return ListTable(
        [c.width * scale for c in specs],
        [fmt.t(c.header) for c in specs],
        rows,
        [c.right for c in specs],
        footer,
    )


def _same(item: Any) -> Any:
    return item


def person_columns(
    fmt: Formatter, *, passport: bool = False, of: Callable[[Any], PersonData] = _same
) -> list[Column]:
    """The identity columns shared by every list of persons; ``of`` finds the person in a row."""
    columns: list[Column] = [
        Column(N_("Full name"), 2.7, lambda row: of(row).full_name),
        Column(N_("CPR number"), 1.9, lambda row: of(row).cpr_formatted or ""),
        Column(N_("Date of birth"), 1.8, lambda row: fmt.date_text(of(row).birth_date)),
        Column(N_("Relation"), 1.4, lambda row: of(row).relation_label),
    ]
    if passport:
        columns += [
            Column(N_("Nationality"), 1.6, lambda row: of(row).nationality_name),
            Column(N_("Passport no."), 1.9, lambda row: of(row).passport_number or ""),
            Column(N_("Valid until"), 1.8, lambda row: fmt.date_text(of(row).passport_expiry)),
        ]
    return columns


def text_box(fmt: Formatter, label: str, text: str, *, min_lines: int = 2) -> Block:
    """A boxed free-text field; short texts keep room for a few lines, as on paper."""
    padding = max(0, min_lines - 1 - text.count("\n")) * "\n "
    return fields(fmt, [[(label, text + padding)]])[0]


def signature_section(
    fmt: Formatter,
    bar: Block,
    signers: Sequence[tuple[str, str]],
    statement: str | None = None,
) -> Block:
    """A section bar, an optional statement and the signatures, kept on one page."""
    parts = [bar, signature_block(fmt, signers)]
    if statement:
        parts.insert(1, para(statement))
    return Keep(parts)


def caseworker_signer(fmt: Formatter, case: CaseData) -> tuple[str, str]:
    """The municipal caseworker as a signer, for signature_block."""
    role = fmt.t(
        N_("Caseworker, %(municipality)s Municipality"), municipality=case.municipality_name
    )
    return case.caseworker_name, role


def signature_block(fmt: Formatter, signers: Sequence[tuple[str, str]]) -> Block:
    """Date and signature lines per signer, two signers side by side, name and role below.

    signers are (name, role) with the role already translated. A row of signers is never
    split from its lines; it is not a KeepTogether, so it can itself sit inside one.
    """
    return Signatures(signers, (fmt.t(N_("Date")), fmt.t(N_("Signature"))))
