"""Shared helpers for the security tests: a fixture world with real object ids, and URLs.

The world has two municipalities, Aarhus (751) and København (101). Each has a caseworker,
a submitted family case of every request kind with attachments (a waiver and an 'other'
document), a draft request for the wizard and its own throw-away objects for the destructive
routes (delete a draft, remove a person, withdraw). Besides: an agency clerk, a DRC adviser,
an admin, a newsletter issue, a meeting request of each municipality, a route, the shipped
guidance items and the reference rates that the migration loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Attachment,
    AttachmentBlob,
    AttachmentKind,
    CaseKind,
    MeetingRequest,
    Person,
    RateYear,
    Relation,
    Request,
    RequestKind,
    RequestPerson,
    Route,
)
from portal.services.information import guidance
from portal.workflow import Status
from tests.agency_helpers import book_directly, make_request
from tests.conftest import CSRF_RE
from tests.newsletter_helpers import make_issue

_stored = iter(range(1, 10**9))


@dataclass
class Side:
    """The objects of one municipality."""

    code: str
    caseworker_email: str = ""
    case_id: int = 0
    reference: str = ""  # of case_id: DRC looks it up before opening it
    person_id: int = 0
    request_id: int = 0  # submitted flexible-payment request of the family case
    participant_id: int = 0
    requests: dict[str, int] = field(default_factory=dict)  # kind -> submitted request id
    draft_id: int = 0  # draft departure request for the wizard
    draft_case_id: int = 0
    spare_draft_id: int = 0  # to be deleted
    spare_person_id: int = 0  # to be removed
    withdraw_id: int = 0  # submitted request to be withdrawn
    booked_id: int = 0  # a departure request with its travel booked
    waiver_id: int = 0
    attachment_id: int = 0  # an 'other' attachment (DRC may not see it)
    draft_attachment_id: int = 0
    meeting_id: int = 0


@dataclass
class World:
    sides: dict[str, Side]
    agency_email: str
    drc_email: str
    admin_email: str
    other_user_id: int
    draft_issue_id: int
    published_issue_id: int
    route_id: int
    rate_year: int
    guidance_key: str

    @property
    def aarhus(self) -> Side:
        return self.sides["751"]

    @property
    def kobenhavn(self) -> Side:
        return self.sides["101"]


def _attach(case_id: int, request_id: int, kind: AttachmentKind) -> int:
    attachment = Attachment(case_id=case_id, request_id=request_id, kind=kind,
                            original_name="scan.pdf",
                            stored_name=f"sec{next(_stored):029d}",
                            content_type="application/pdf", size=10, sha256="0" * 64)
    attachment.blob = AttachmentBlob(data=b"%PDF-1.4 x")
    db.session.add(attachment)
    db.session.flush()
    return attachment.id


def _draft(case_id: int, municipality_id: int, person_ids: list[int], created_by: int) -> int:
    req = Request(case_id=case_id, municipality_id=municipality_id, kind=RequestKind.DEPARTURE,
                  created_by_id=created_by)
    req.participants = [RequestPerson(person_id=pid, travels=True) for pid in person_ids]
    db.session.add(req)
    db.session.flush()
    return req.id


def _side(app, make, code: str, agency) -> Side:
    side = Side(code=code)
    caseworker = make.user("caseworker", municipality_code=code)
    side.caseworker_email = caseworker.email
    for kind, case_kind in ((RequestKind.FLEXIBLE_PAYMENT, CaseKind.FLEXIBLE_PAYMENT),
                            (RequestKind.DEPARTURE, CaseKind.ORDINARY),
                            (RequestKind.RECON_TRIP, CaseKind.ORDINARY)):
        made = make_request(app, make, code=code, kind=kind, case_kind=case_kind, family=True,
                            caseworker=caseworker, agency=agency)
        side.requests[kind.value] = made.request_id
        if kind is RequestKind.FLEXIBLE_PAYMENT:
            side.case_id, side.request_id = made.case_id, made.request_id
            side.reference = made.reference
    side.withdraw_id = make_request(app, make, code=code, kind=RequestKind.DEPARTURE,
                                    case_kind=CaseKind.ORDINARY, caseworker=caseworker,
                                    agency=agency).request_id
    side.booked_id = make_request(app, make, code=code, kind=RequestKind.DEPARTURE,
                                  case_kind=CaseKind.ORDINARY, caseworker=caseworker,
                                  agency=agency, status=Status.TRAVEL_BOOKED).request_id
    with app.app_context():
        booked = db.session.get(Request, side.booked_id)
        book_directly(booked, None, "TK 1784", datetime.now(UTC) + timedelta(days=20))
        db.session.commit()
        db.session.remove()
    draft_case = make.case(municipality_code=code, departure=date.today() + timedelta(days=60),
                           persons=[
                               {"full_name": "Samir Darwish", "birth_date": date(1980, 1, 1),
                                "relation": Relation.APPLICANT},
                               {"full_name": "Dana Darwish", "birth_date": date(2015, 1, 1),
                                "relation": Relation.CHILD},
                               {"full_name": "Spare Darwish", "birth_date": date(2016, 1, 1),
                                "relation": Relation.CHILD}])
    side.draft_case_id = draft_case.id
    with app.app_context():
        persons = db.session.scalars(select(Person).where(
            Person.case_id == side.case_id).order_by(Person.position)).all()
        side.person_id = persons[0].id
        draft_persons = db.session.scalars(select(Person).where(
            Person.case_id == draft_case.id).order_by(Person.position)).all()
        side.spare_person_id = draft_persons[2].id
        municipality_id = persons[0].case.municipality_id
        side.participant_id = db.session.scalar(select(RequestPerson.id).where(
            RequestPerson.request_id == side.request_id).order_by(RequestPerson.id))
        side.draft_id = _draft(draft_case.id, municipality_id,
                               [p.id for p in draft_persons[:2]], caseworker.id)
        side.spare_draft_id = _draft(draft_case.id, municipality_id,
                                     [draft_persons[0].id], caseworker.id)
        side.waiver_id = _attach(side.case_id, side.request_id, AttachmentKind.WAIVER)
        side.attachment_id = _attach(side.case_id, side.request_id, AttachmentKind.OTHER)
        side.draft_attachment_id = _attach(draft_case.id, side.draft_id, AttachmentKind.OTHER)
        meeting = MeetingRequest(municipality_id=municipality_id,
                                 requested_by_id=caseworker.id, topic="Familiesag")
        db.session.add(meeting)
        db.session.commit()
        side.meeting_id = meeting.id
        db.session.remove()
    return side


def build_world(app, make) -> World:
    agency = make.user("agency")
    drc = make.user("drc_adviser")
    admin = make.user("admin")
    other = make.user("caseworker", municipality_code="751")
    sides = {code: _side(app, make, code, agency) for code in ("751", "101")}
    draft_issue_id = make_issue(app, number=9, year=2026, title="Kladde")
    published_issue_id = make_issue(app, number=10, year=2026, title="Udgivet",
                                    published_at=datetime.now(UTC))
    with app.app_context():
        guidance.load_from_toml()
        db.session.commit()
        key = guidance.all_items()[0].key
        route_id = db.session.scalar(select(Route.id).order_by(Route.id))
        year = db.session.scalar(select(RateYear.year).order_by(RateYear.year.desc()))
        db.session.remove()
    return World(sides=sides, agency_email=agency.email, drc_email=drc.email,
                 admin_email=admin.email, other_user_id=other.id,
                 draft_issue_id=draft_issue_id, published_issue_id=published_issue_id,
                 route_id=route_id, rate_year=year, guidance_key=key)


def token_from(html: str) -> str | None:
    match = CSRF_RE.search(html)
    return match.group(1) if match else None


def path_of(location: str) -> str:
    return re.sub(r"^https?://[^/]+", "", location or "")


class _FormParser(HTMLParser):
    """The POST forms of a page: action, and each control's name, type, value and options."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(),
                          "enctype": a.get("enctype", ""), "controls": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "button") and a.get("name"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            self._form["controls"].append({"name": a["name"], "type": kind,
                                           "value": a.get("value", ""),
                                           "checked": "checked" in a, "tag": tag,
                                           "formaction": a.get("formaction")})
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "type": "select", "options": [],
                            "value": None, "multiple": "multiple" in a, "tag": tag}
            self._form["controls"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": ""}
            self._select["options"].append(self._option["value"])
            if "selected" in a and self._select["value"] is None:
                self._select["value"] = a.get("value")
        elif tag == "textarea" and a.get("name"):
            self._textarea = {"name": a["name"], "type": "textarea", "value": "", "tag": tag}
            self._form["controls"].append(self._textarea)

    def _split_by_formaction(self, form: dict | None) -> None:
        """A button with `formaction` posts the form elsewhere: as a browser does, each such
        button makes its own submission (the form's other controls plus that button)."""
        if form is None:
            return
        buttons = [c for c in form["controls"] if c.get("formaction")]
        if not buttons:
            return
        shared = [c for c in form["controls"] if not c.get("formaction")]
        self.forms.remove(form)
        self.forms.extend({**form, "action": button["formaction"], "controls": [*shared, button]}
                          for button in buttons)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data
        if self._option is not None and self._option["value"] is None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._split_by_formaction(self._form)
            self._form = None
        elif tag == "select" and self._select is not None:
            if self._select["value"] is None and self._select["options"]:
                self._select["value"] = self._select["options"][0]
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option" and self._option is not None:
            if self._option["value"] is None and self._select is not None:
                self._select["options"][-1] = self._option["text"].strip()
            self._option = None


def post_forms(html: str) -> list[dict]:
    parser = _FormParser()
    parser.feed(html)
    return [form for form in parser.forms if form["method"] == "post"]


def form_for(html: str, action: str) -> dict | None:
    """The POST form of the page whose action is `action` (the page itself when empty)."""
    for form in post_forms(html):
        if path_of(form["action"]).split("?")[0] in (action, "") and any(
                c["name"] not in ("csrf_token", "lang", "next") for c in form["controls"]):
            return form
    return None


def filled(form: dict) -> dict[str, list[str]]:
    """What a browser would send for the form as rendered (first submit button only)."""
    data: dict[str, list[str]] = {}
    button = False
    for control in form["controls"]:
        kind = control["type"]
        if kind in ("checkbox", "radio"):
            if control["checked"]:
                data.setdefault(control["name"], []).append(control["value"] or "y")
        elif kind == "submit":
            if not button:
                button = True
                if control["value"]:
                    data.setdefault(control["name"], []).append(control["value"])
        elif kind == "file":
            continue
        elif control.get("value") is not None:
            data.setdefault(control["name"], []).append(control["value"])
    return data
