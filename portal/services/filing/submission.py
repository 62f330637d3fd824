"""Filing requests: start a draft, check it, submit it once, answer the agency, withdraw."""

from __future__ import annotations

import uuid
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from portal import workflow
from portal.extensions import db
from portal.models import (
    Attachment,
    AttachmentKind,
    Case,
    CaseKind,
    FlexiblePaymentCountry,
    Request,
    RequestKind,
    RequestPerson,
)
from portal.services.accounts import access, audit
from portal.services.filing import cash, duplicates, uploads
from portal.services.filing.steps import (  # noqa: F401 - re-exported for the views
    STEP_LABELS,
    UNACCOMPANIED,
    FilingError,
    StepErrors,
    current_step,
    departure_gaps,
    is_minor,
    minors_unaccompanied,
    needs_declarations,
    needs_supplement,
    next_step,
    steps,
    travellers,
)
from portal.workflow import Status, TransitionError


def today() -> date:
    """Today's date; one place so tests can move the clock."""
    return date.today()


def allowed_flexible_countries() -> list[str]:
    return list(db.session.scalars(
        select(FlexiblePaymentCountry.country_code)
        .where(FlexiblePaymentCountry.active.is_(True))
        .order_by(FlexiblePaymentCountry.country_code)))


def start_request(case: Case, kind: RequestKind, user) -> Request:
    """A new draft on the case; flexible payment only to the countries the agency allows."""
    if kind is RequestKind.FLEXIBLE_PAYMENT:
        allowed = allowed_flexible_countries()
        if case.destination_country not in allowed:
            from portal.formatting import country_name

            raise FilingError(_(
                "Flexible payment is only possible to %(countries)s. Change the destination or "
                "file an ordinary departure.",
                countries=", ".join(country_name(code) for code in allowed)), "kind")
        if case.planned_departure is None:
            raise FilingError(_("Enter the planned departure date on the case first."), "kind")
    if kind is not RequestKind.RECON_TRIP and case.planned_departure is None:
        raise FilingError(_("Enter the planned departure date on the case first."), "kind")
    req = Request(case=case, municipality_id=case.municipality_id, kind=kind,
                  created_by_id=user.id, status=Status.DRAFT)
    for person in case.persons:
        req.participants.append(RequestPerson(person=person, travels=True))
    db.session.add(req)
    db.session.flush()
    if kind is not RequestKind.RECON_TRIP:
        carrier = cash.default_carrier(req)
        for rp in req.participants:
            if is_minor(req, rp.person) and carrier is not None:
                rp.cash_carrier_id = carrier.id
    if kind is RequestKind.FLEXIBLE_PAYMENT and case.kind is not CaseKind.FLEXIBLE_PAYMENT:
        case.kind = CaseKind.FLEXIBLE_PAYMENT
    req.draft_step = steps(req)[0]
    audit.record("start_request", request_obj=req, detail=f"kind={kind.value}", user=user)
    return req


def get_request(user, request_id: int, *, action: str = "view_request") -> Request:
    return access.request_for(user, request_id, action=action)


def attachments_for(req: Request) -> list[Attachment]:
    return list(db.session.scalars(select(Attachment).where(Attachment.request_id == req.id)
                                   .order_by(Attachment.id)))


def get_attachment(user, req: Request, attachment_id: int) -> Attachment:
    attachment = access.attachment_for(user, attachment_id)
    if attachment.request_id != req.id:
        from flask import abort

        abort(404)
    return attachment


def upload(req: Request, user, kind: AttachmentKind, filename: str | None,
           data: bytes) -> Attachment:
    return uploads.store(case=req.case, request_obj=req, kind=kind, filename=filename,
                         data=data, user=user)


def problems(req: Request) -> list[tuple[str, str]]:
    """What still stops submission: [(step, message)], shown on the check-your-answers page."""
    result: list[tuple[str, str]] = []
    names = steps(req)
    if req.kind is RequestKind.RECON_TRIP:
        if req.recon_trip is None:
            result.append(("trip", _("Fill in the trip: persons, purpose and dates.")))
        return result
    if not travellers(req):
        result.append(("travellers", _("Choose at least one person who travels.")))
    if "departure" in names and departure_gaps(req):
        result.append(("departure", _("Enter the address in Denmark, the address abroad and a "
                                      "contact person abroad: every departure form prints "
                                      "them.")))
    if req.kind is RequestKind.FLEXIBLE_PAYMENT:
        for rp in travellers(req):
            if is_minor(req, rp.person):
                continue
            if not rp.waives_regret_and_reintegration or (
                    rp.person.danish_citizen and not rp.waives_citizenship):
                result.append(("waivers", _("The waivers of %(name)s are missing.",
                                            name=rp.person.full_name)))
        kinds = uploads.kinds_present(attachments_for(req))
        if AttachmentKind.WAIVER not in kinds:
            result.append(("attachments", _("Upload the signed waiver declaration.")))
        if AttachmentKind.IN325 not in kinds:
            result.append(("attachments", _("Upload IN 325 (the report of the decision on "
                                            "assistance).")))
    if "supplement" in names:
        supplement = req.supplement
        if supplement is None or (any(is_minor(req, rp.person) for rp in travellers(req))
                                  and not supplement.consent_confirmed):
            result.append(("supplement", _("Fill in the child/escort supplement.")))
        elif minors_unaccompanied(req):
            result.append(("supplement", str(UNACCOMPANIED)))
    try:
        due = cash.declarants(req)
    except cash.CashError as exc:
        result.append(("cash", str(exc)))
        due = []
    if "declarations" in names:
        declared = {d.person_id for d in req.cash_declarations}
        for item in due:
            if item.person.id not in declared:
                result.append(("declarations", _(
                    "%(name)s carries %(amount)s EUR or more and needs a cash declaration.",
                    name=item.person.full_name, amount="10,000")))
    return result


def ensure_token(req: Request) -> str:
    """The one-time token the check-your-answers form carries (double-submit guard)."""
    if req.submission_token is None:
        req.submission_token = uuid.uuid4().hex
        db.session.flush()
    return req.submission_token


def submit(req: Request, user, token: str) -> bool:
    """Submit the draft. True when submitted now; False when this token was already used."""
    if req.submission_token and token == req.submission_token and req.status is not Status.DRAFT:
        return False
    if req.status is not Status.DRAFT:
        raise FilingError(_("This request has already been submitted."))
    if not token or token != req.submission_token:
        raise FilingError(_("The page was out of date. Check the answers again and submit."))
    missing = problems(req)
    if missing:
        raise FilingError(missing[0][1])
    try:
        cash.check_customs_deadline(req, today())
    except cash.CashError as exc:
        raise FilingError(str(exc), "customs_assist") from None
    for declaration in req.cash_declarations:
        if declaration.customs_assist:
            from portal.db import utcnow

            declaration.received_at = utcnow()
    try:
        workflow.transition(req, Status.SUBMITTED, user)
    except TransitionError as exc:
        raise FilingError(str(exc)) from None
    req.draft_step = "check"
    audit.record("submit_request", request_obj=req, user=user)
    duplicates.record_at_filing(req, user)
    return True


def answer_information_request(req: Request, user, text: str, upload_file=None) -> None:
    """The municipality answers the agency's question; the clock starts again."""
    text = (text or "").strip()
    if not text:
        raise FilingError(_("Write your answer to the agency."), "answer")
    if req.status is not Status.AWAITING_MUNICIPALITY:
        raise FilingError(_("The agency is not waiting for an answer on this request."))
    if upload_file is not None:
        filename, data, kind = upload_file
        try:
            uploads.store(case=req.case, request_obj=req, kind=kind, filename=filename,
                          data=data, user=user)
        except uploads.UploadError as exc:
            raise FilingError(str(exc), "file") from None
    try:
        workflow.transition(req, Status.IN_REVIEW, user, note=text[:5000])
    except TransitionError as exc:
        raise FilingError(str(exc)) from None
    audit.record("answer_information_request", request_obj=req, user=user)


def withdraw(req: Request, user, note: str) -> None:
    note = (note or "").strip()
    if not note:
        raise FilingError(_("Write why the request is withdrawn."), "note")
    try:
        workflow.transition(req, Status.WITHDRAWN, user, note=note[:5000])
    except TransitionError as exc:
        raise FilingError(str(exc)) from None
    audit.record("withdraw_request", request_obj=req, user=user)


def delete_draft(req: Request, user) -> None:
    if req.status is not Status.DRAFT:
        raise FilingError(_("Only a draft can be deleted."))
    audit.record("delete_draft", case=req.case, user=user, detail=f"request={req.id}")
    req.case.requests.remove(req)
    db.session.flush()
