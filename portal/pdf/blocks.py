"""The building blocks of the official forms, drawn as on the agency's paper forms.

Numbered section bars, boxed label/value fields, checkboxes, lists and signature blocks, all
platypus tables and paragraphs. Lists flow onto further pages and repeat their header row.
Every label is an untranslated msgid (marked with N_) translated here at render time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Table

from portal.rules import N_

from .base import CONTENT_WIDTH, build_pdf, para
from .data import CaseData, Formatter, PersonData

GRID_COLUMNS = 12
CHECKED = "\u2612"  # ☒
UNCHECKED = "\u2610"  # ☐
LINE = 0.6
SHADE = Color(0.9, 0.9, 0.9)
PAD = 4  # inner padding of boxes, left and right
ROOM_BELOW_SECTION = 70  # points a section needs below its bar to start on the same page
NUMBER_WIDTH = 8 * mm

_BOX = [
    ("BOX", (0, 0), (-1, -1), LINE, black),
    ("INNERGRID", (0, 0), (-1, -1), LINE, black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), PAD),
    ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
]


def checkbox(checked: bool, text: str) -> str:
    """A ballot box glyph before a text: real text, so it survives extraction and printing."""
    return f"{CHECKED if checked else UNCHECKED}\u00a0{text}"


def checkboxes(*boxes: str) -> str:
    """Several checkboxes on one line, spaced apart (the paragraph collapses plain spaces)."""
    return "\u00a0\u00a0\u00a0\u00a0 ".join(boxes)


def yes_no(fmt: Formatter, value: bool | None) -> str:
    """Both boxes, one ticked, as on paper; None leaves both empty."""
    yes, no = fmt.t(N_("Yes")), fmt.t(N_("No"))
    return checkboxes(checkbox(value is True, yes), checkbox(value is False, no))


Field = tuple[str, str] | tuple[str, str, int]


def fields(fmt: Formatter, rows: Sequence[Sequence[Field]]) -> list[Flowable]:
    """Boxed fields, small label above the value; each row splits 12 columns among its fields.

    A field is (label msgid, value) or (label msgid, value, span); unspanned fields share the
    columns left over equally. A row of long values continues on the next page.
    """
    tables: list[Flowable] = []
    for row in rows:
        fixed = sum(f[2] for f in row if len(f) == 3)
        free = [f for f in row if len(f) == 2]
        share = (GRID_COLUMNS - fixed) / len(free) if free else 0
        widths = [CONTENT_WIDTH * (f[2] if len(f) == 3 else share) / GRID_COLUMNS for f in row]
        # An empty value keeps a line of room, to be filled in by hand.
        cells = [[para(fmt.t(f[0]), "label"), para(f[1] or "\u00a0", "value")] for f in row]
        tables.append(Table([cells], colWidths=widths, style=_BOX, splitInRow=1))
    return tables


def municipality_text(case: CaseData) -> str:
    """The municipality as the agency writes it: official code and name."""
    return f"{case.municipality_code} {case.municipality_name}".strip()  # blank: room to write


def case_summary(fmt: Formatter, case: CaseData) -> list[Flowable]:
    """Case and municipality in one row, for forms whose subject is not the case itself."""
    return fields(fmt, [[
        (N_("Case reference"), case.reference, 3),
        (N_("Municipality"), municipality_text(case), 4),
        (N_("Caseworker"), f"{case.caseworker_name}, {case.caseworker_email}", 5),
    ]])


def person_fields(fmt: Formatter, person: PersonData) -> list[Flowable]:
    """Identity and travel document of one person."""
    return fields(fmt, [
        [(N_("Full name"), person.full_name, 8),
         (N_("CPR number"), person.cpr_formatted or "", 4)],
        [(N_("Date of birth"), fmt.date_text(person.birth_date), 3),
         (N_("Nationality"), person.nationality_name, 3),
         (N_("Relation"), person.relation_label, 3),
         (N_("Phone"), person.phone or "", 3)],
        [(N_("Passport or travel document no."), person.passport_number or "", 4),
         (N_("Issued by (country)"), person.passport_country_name or "", 4),
         (N_("Valid until"), fmt.date_text(person.passport_expiry), 4)],
    ])


class Column(NamedTuple):
    """A column of a list: header msgid, relative width, the text of a row; amounts go right."""

    header: str
    width: float
    value: Callable[[Any], str]
    right: bool = False


def fit_widths(relative: Sequence[float], cells: Sequence[Sequence[Paragraph]]) -> list[float]:
    """Column widths in proportion to relative, each widened to hold its longest word.

    Words are never split, so a column narrower than a word (a long Danish header such as
    "Statsborgerskab") takes the room it needs from the others, up to a third of the page.
    """
    needed = [min(CONTENT_WIDTH / 3, max(cell.minWidth() for cell in column) + 2 * PAD)
              for column in zip(*cells, strict=True)]
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(relative)) if i not in fixed]
        scale = (CONTENT_WIDTH - sum(fixed.values())) / (sum(relative[i] for i in free) or 1)
        short = {i: needed[i] for i in free if relative[i] * scale < needed[i]}
        if not short:
            break
        fixed.update(short)
    widths = [fixed.get(i, relative[i] * scale) for i in range(len(relative))]
    return [width * min(1, CONTENT_WIDTH / sum(widths)) for width in widths]


def list_table(fmt: Formatter, columns: Sequence[Column], items: Sequence[Any], *,
               footer: tuple[str, str] | None = None) -> Table:
    """A numbered list that splits across pages between rows and repeats its header row.

    footer is an optional last row (label, value), e.g. a total: the label spans all columns
    but the last, which holds the value.
    """
    specs = [Column(N_("No."), 0.65, str), *columns]
    cell_styles = ["cell_right" if c.right else "cell" for c in specs]
    rows = [[para(fmt.t(c.header), "head") for c in specs]]
    for index, item in enumerate(items, start=1):
        values = [str(index)] + [c.value(item) for c in columns]
        rows.append([para(v, s) for v, s in zip(values, cell_styles, strict=True)])
    style = [*_BOX, ("BACKGROUND", (0, 0), (-1, 0), SHADE)]
    widths = fit_widths([c.width for c in specs], rows)
    if footer is not None:
        label, value = footer
        last = "cell_bold_right" if specs[-1].right else "cell_bold"
        rows.append([para(label, "cell_bold"), *[""] * (len(specs) - 2), para(value, last)])
        style += [("SPAN", (0, -1), (-2, -1)), ("BACKGROUND", (0, -1), (-1, -1), SHADE)]
    return Table(rows, colWidths=widths, style=style, repeatRows=1)


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


_SIGN_HEIGHT = 26  # room to sign above the lines
_GAP = 8 * mm  # between two signers side by side
_SIGN_STYLE = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 1), (-1, -1), 1),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
]


def signature_block(fmt: Formatter, signers: Sequence[tuple[str, str]]) -> list[Flowable]:
    """Date and signature lines per signer, two signers side by side, name and role below.

    signers are (name, role) with the role already translated; one table per row of signers.
    """
    per_row = 2 if len(signers) > 1 else 1
    width = (CONTENT_WIDTH - _GAP * (per_row - 1)) / per_row
    tables: list[Flowable] = []
    for start in range(0, len(signers), per_row):
        rows: list[list[Any]] = [[], [], []]  # room to sign, lines and labels, name and role
        widths: list[float] = []
        style = list(_SIGN_STYLE)
        for name, role in signers[start : start + per_row]:
            if widths:
                widths.append(_GAP)
                for row in rows:
                    row.append("")
            at = len(widths)  # per signer: date, a gap, the signature with name and role
            widths += [width * 0.3, width * 0.06, width * 0.64]
            rows[0] += ["", "", ""]
            rows[1] += [para(fmt.t(N_("Date")), "label"), "",
                        para(fmt.t(N_("Signature")), "label")]
            rows[2] += ["", "", [para(name, "cell"), para(role, "cell")]]
            style += [("LINEABOVE", (at, 1), (at, 1), LINE, black),
                      ("LINEABOVE", (at + 2, 1), (at + 2, 1), LINE, black)]
        tables.append(Table(rows, colWidths=widths, rowHeights=[_SIGN_HEIGHT, None, None],
                            style=style, spaceBefore=4, hAlign="LEFT"))
    return tables


class Form:
    """One official form being written: its title, numbered sections (1, 2, 3 … as on the
    agency's paper forms) and the agency's page template.

    Every renderer uses it, so a form module holds only what its form says. A section's bar
    comes after a CondPageBreak, so a bar never ends a page on its own; bar() gives the bar
    alone, for a section kept together with what follows it.
    """

    def __init__(self, fmt: Formatter, title: str, case: CaseData, intro: str = "",
                 **params: object) -> None:
        self.fmt, self.title, self.case = fmt, title, case
        self.number = 0
        self.story: list[Flowable] = [para(fmt.t(title), "title")]
        if intro:  # who fills the form in and where it goes
            self.story.append(self.text(intro, "intro", **params))

    def bar(self, msgid: str, **params: object) -> Table:
        self.number += 1
        cells = [[para(str(self.number), "section"), para(self.fmt.t(msgid, **params), "section")]]
        return Table(cells, colWidths=[NUMBER_WIDTH, CONTENT_WIDTH - NUMBER_WIDTH],
                     style=[*_BOX, ("BACKGROUND", (0, 0), (-1, -1), SHADE)], spaceBefore=6)

    def section(self, msgid: str, *flowables: Flowable | Sequence[Flowable],
                **params: object) -> None:
        """A numbered section and its content (flowables or lists of them)."""
        self.story += [CondPageBreak(ROOM_BELOW_SECTION), self.bar(msgid, **params)]
        self.add(*flowables)

    def add(self, *flowables: Flowable | Sequence[Flowable]) -> None:
        for item in flowables:
            self.story += item if isinstance(item, list | tuple) else [item]

    def text(self, msgid: str, style: str = "body", **params: object) -> Paragraph:
        """A paragraph of the form's own text, translated and filled in."""
        return para(self.fmt.t(msgid, **params), style)

    def check(self, checked: bool, msgid: str, **params: object) -> Paragraph:
        return para(checkbox(checked, self.fmt.t(msgid, **params)), "body")

    def fields(self, rows: Sequence[Sequence[Field]]) -> list[Flowable]:
        return fields(self.fmt, rows)

    def box(self, label: str, text: str, *, min_lines: int = 2) -> Flowable:
        """A boxed free-text field; short texts keep room for a few lines, as on paper."""
        padding = max(0, min_lines - 1 - text.count("\n")) * "\n\u00a0"
        return fields(self.fmt, [[(label, text + padding)]])[0]

    def persons(self, persons: Sequence[PersonData]) -> Table:
        """The list of persons with their passports."""
        return list_table(self.fmt, person_columns(self.fmt, passport=True), persons)

    def case_section(self) -> None:
        """Case and municipality, the same block on every form."""
        case = self.case
        self.section(N_("Case and municipality"), self.fields([
            [(N_("Case reference"), case.reference, 3),
             (N_("Municipality"), municipality_text(case), 5),
             (N_("Type of case"), case.kind_label, 4)],
            [(N_("Caseworker"), case.caseworker_name, 4),
             (N_("E-mail"), case.caseworker_email, 5),
             (N_("Caseworker's phone"), case.caseworker_phone or "", 3)],
            [(N_("Destination country"), case.destination_name, 6),
             (N_("Planned departure"), self.fmt.date_text(case.planned_departure), 6)],
        ]))

    def caseworker(self) -> tuple[str, str]:
        """The municipal caseworker as a signer."""
        msgid = N_("Caseworker, %(municipality)s Municipality")
        return self.case.caseworker_name, self.fmt.t(
            msgid, municipality=self.case.municipality_name)

    def sign(self, bar: str, signers: Sequence[tuple[str, str]], statement: str | None = None,
             *, lead: Sequence[Flowable] = ()) -> None:
        """A section bar, an optional statement and the signatures, kept on one page with
        lead (the end of the form), so that a page never holds only the signatures."""
        parts = [*lead, self.bar(bar)]
        if statement:
            parts.append(para(statement, "note"))
        self.story.append(KeepTogether([*parts, *signature_block(self.fmt, signers)]))

    def pdf(self) -> bytes:
        return build_pdf(self.fmt, title=self.title, reference=self.case.reference,
                         story=self.story)
