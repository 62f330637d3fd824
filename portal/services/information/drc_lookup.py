"""DRC finds a case by its exact reference, or by a person's full name (case and accents
ignored) plus birth date; read only. A part of a name finds nothing, so cases cannot be
listed by guessing a letter and a date.

Every look-up is audited as "drc_lookup"; the detail never holds the name searched for.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Case, NoteVisibility, Person, Request, StatusEvent
from portal.rules import mask_cpr_in_text
from portal.services.accounts import access, audit
from portal.workflow import Status

MAX_RESULTS = 20


@dataclass
class Lookup:
    reference: str = ""
    name: str = ""
    birth_date: date | None = None


#: Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l",
                          "ı": "i", "-": " ", "'": " ", "’": " "})


def name_key(name: str) -> str:
    """A name as compared by the look-up: accents, case, hyphens, apostrophes and extra
    spaces ignored (Søren Ærø-Jensen, soren aero jensen and SØREN ÆRØ JENSEN are equal)."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().translate(_LETTERS).split())


def find(lookup: Lookup, user) -> list[Case]:
    """Cases matching the reference exactly, or a person's full name and birth date."""
    reference = lookup.reference.strip().upper()
    name = " ".join(lookup.name.split())[:200]
    if reference:
        query = select(Case).where(Case.reference == reference)  # uses the unique index
        how = "reference"
    elif name and lookup.birth_date is not None:
        # The birth date narrows the persons to a handful; their names are compared here,
        # since the database cannot ignore accents the same way on SQLite and PostgreSQL.
        wanted = name_key(name)
        ids = [case_id for case_id, full_name in db.session.execute(
            select(Person.case_id, Person.full_name).where(
                Person.birth_date == lookup.birth_date))
               if name_key(full_name) == wanted]
        query = select(Case).where(Case.id.in_(ids))
        how = "name_and_birth_date"
    else:
        return []
    query = query.where(Case.reference.is_not(None),
                        access.has_submitted_request_condition()).options(
        selectinload(Case.persons), selectinload(Case.requests)).order_by(
        Case.created_at.desc()).limit(MAX_RESULTS)
    cases = list(db.session.scalars(query))
    # One row, tied to every person shown, so each one's "who looked me up" export has it.
    audit.record("drc_lookup", user=user, case=cases[0] if len(cases) == 1 else None,
                 detail=f"by={how} results={len(cases)}",
                 subjects=[person for case in cases for person in case.persons])
    return cases


def case_for_drc(case_id: int, *, looked_up: set[int]) -> Case | None:
    """The case if a look-up of this session found it, else None (a 404) with an audit row:
    case numbers cannot be walked in order."""
    if case_id not in looked_up:
        audit.record("access_denied", case=db.session.get(Case, case_id),
                     detail=f"drc_case_without_lookup case={case_id}")
        db.session.commit()  # the 404 must not roll the audit row back
        return None
    case = db.session.get(Case, case_id, options=[
        selectinload(Case.persons),
        selectinload(Case.requests).selectinload(Request.events),
    ])
    if case is None or all(r.status is Status.DRAFT for r in case.requests):
        return None
    return case


@dataclass(frozen=True)
class Milestone:
    """A status change (always visible) with its note, in the reader's language, only when
    the note is shared."""

    event: StatusEvent
    note: str

    @property
    def is_status_change(self) -> bool:
        return self.event.from_status != self.event.to_status


def shared_milestones(request: Request) -> list[Milestone]:
    """What DRC may see: every status change, but internal notes never leave the agency."""
    milestones = []
    for event in request.events:
        if event.is_internal_note:
            continue
        shared = event.visibility is NoteVisibility.SHARED
        milestones.append(Milestone(event=event,
                                    note=mask_cpr_in_text(event.shown_note) if shared else ""))
    return milestones


def drc_attachments(case: Case) -> list:
    from portal.models import Attachment, AttachmentKind

    return list(db.session.scalars(
        select(Attachment).where(Attachment.case_id == case.id,
                                 Attachment.kind.in_([AttachmentKind.WAIVER,
                                                      AttachmentKind.IN325]))
        .order_by(Attachment.uploaded_at)))
