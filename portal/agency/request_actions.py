"""The agency's actions on a request: one POST per action, each calling processing.*."""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.agency import bp
from portal.agency._helpers import FORM_CLASSES, make_form, render_detail, travel_plan
from portal.auth.access import roles_required
from portal.forms.agency import AssignToMeForm, CustomsDocumentForm, PayoutForm
from portal.forms.fields import whole_number
from portal.forms.requests import AgencyUploadForm
from portal.models import AttachmentKind, Obstacle, Role
from portal.security import safe_next_url
from portal.services.accounts import access
from portal.services.filing import uploads
from portal.services.processing import actions, agency_documents, bookings, customs
from portal.workflow import agency_actions


def _note(form) -> tuple[str, bool]:
    shared = getattr(form, "visibility", None)
    return form.note.data or "", (shared is None or shared.data != "internal")


def _run(name: str, req, form) -> str:
    """Call the service for the action; returns the success message."""
    version = form.version.data
    if name in ("receive", "start_review", "approve", "depart", "rebook", "close"):
        note, shared = _note(form)
        handler = {"receive": actions.receive, "start_review": actions.start_review,
                   "approve": actions.approve, "depart": actions.mark_departed,
                   "rebook": bookings.rebook, "close": actions.close}[name]
        handler(req, current_user, expected_version=version, note=note, shared=shared)
        return _("The request is now “%(status)s”.", status=req.status.label)
    if name == "ask_info":
        actions.ask_for_information(req, current_user, expected_version=version,
                                       message=form.note.data)
        return _("The question has been sent to the municipality. The clock is paused.")
    if name == "resume_review":
        actions.resume_review(req, current_user, expected_version=version,
                                 note=form.note.data)
        return _("The request is back in review.")
    if name == "reopen":
        actions.reopen(req, current_user, expected_version=version, reason=form.note.data)
        return _("The request has been reopened and is now “%(status)s”.",
                 status=req.status.label)
    if name == "reject":
        actions.reject(req, current_user, expected_version=version, reason=form.note.data)
        return _("The request has been rejected. The reason is shared with the municipality.")
    if name == "annul":
        actions.annul(req, current_user, expected_version=version, reason=form.note.data)
        return _("The request has been closed without departure.")
    if name == "cancel":
        bookings.cancel(req, current_user, expected_version=version, reason=form.note.data)
        return _("The request has been cancelled. Rebook it when a new departure is possible.")
    if name == "plan_travel":
        note, shared = _note(form)
        bookings.plan_travel(req, current_user, expected_version=version,
                             plan=travel_plan(form), note=note, shared=shared)
        return _("The travel has been booked.")
    if name == "assign":
        actions.assign(req, current_user, expected_version=version,
                       assignee_id=whole_number(form.assignee.data),
                       take_over="take_over" in form and bool(form.take_over.data))
        return _("The assignee has been saved.")
    if name == "obstacle":
        actions.set_obstacle(req, current_user, expected_version=version,
                                obstacle=Obstacle(form.obstacle.data))
        return _("The obstacle category has been saved.")
    if name == "settle_follow_up":
        actions.settle_payout_follow_up(req, current_user, expected_version=version,
                                        note=form.note.data)
        return _("The follow-up of the payout has been recorded.")
    if name == "note":
        note, shared = _note(form)
        actions.add_note(req, current_user, expected_version=version, note=note,
                            shared=shared)
        return _("The note has been added.")
    abort(404)


@bp.route("/requests/<int:request_id>/actions/<name>", methods=["POST"])
@roles_required(Role.AGENCY)
def request_action(request_id: int, name: str):
    access.request_for(current_user, request_id, action="process_request", participants=False)
    req = actions.load_for_page(request_id)
    if name not in FORM_CLASSES or name == "payout":
        abort(404)
    form = make_form(name, req, formdata=request.form)
    if (name not in ("assign", "obstacle", "note", "settle_follow_up")
            and name not in agency_actions(req.status)):
        form.form_errors.append(_("This action is not possible while the request is "
                                  "“%(status)s”.", status=req.status.label))
        return render_detail(req, bound=(name, form))
    if not form.validate_on_submit():
        return render_detail(req, bound=(name, form))
    try:
        message = _run(name, req, form)
    except actions.ProcessingError as exc:
        g.rollback = True  # nothing half-done is kept
        target = getattr(form, getattr(exc, "field", ""), None)
        if target is not None:
            target.errors = [*target.errors, str(exc)]  # the message at its field
        else:
            form.form_errors.append(str(exc))
        return render_detail(actions.load_for_page(request_id), bound=(name, form),
                             status=409 if isinstance(exc, actions.ConflictError) else 200)
    flash(message, "success")
    return redirect(url_for("agency.request_detail", request_id=req.id))


@bp.route("/requests/<int:request_id>/payout/<int:participant_id>", methods=["POST"])
@roles_required(Role.AGENCY)
def record_payout(request_id: int, participant_id: int):
    access.request_for(current_user, request_id, action="record_payout", participants=False)
    req = actions.load_for_page(request_id)
    form = PayoutForm(prefix=f"payout-{participant_id}")
    if form.validate_on_submit():
        try:
            actions.record_payout(req, current_user, expected_version=form.version.data,
                                  participant_id=participant_id, amount=form.amount.data,
                                  reason=form.reason.data or "", paid_on=form.paid_on.data,
                                  reference=form.reference.data or "")
        except actions.PayoutAmountError as exc:
            form.amount.errors.append(str(exc))
        except actions.ProcessingError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("The payout has been recorded."), "success")
            return redirect(url_for("agency.request_detail", request_id=req.id))
    form.participant.data = participant_id
    return render_detail(req, bound=("payout", form))


def _safe_back(target: str | None) -> str:
    """Back to the queue page the action was posted from (its filters), never elsewhere."""
    target = safe_next_url(target)
    if target and target.startswith("/agency/"):
        return target
    return url_for("agency.start")


@bp.route("/requests/<int:request_id>/assign-to-me", methods=["POST"])
@roles_required(Role.AGENCY)
def assign_to_me(request_id: int):
    req = access.request_for(current_user, request_id, action="assign")
    form = AssignToMeForm()
    if form.validate_on_submit():
        try:
            actions.assign(req, current_user, expected_version=form.version.data,
                              assignee_id=current_user.id)
        except actions.ProcessingError as exc:
            flash(str(exc), "error")
        else:
            flash(_("%(reference)s is now assigned to you.", reference=req.case.reference),
                  "success")
    else:
        flash(_("The page had expired. Try again."), "error")
    return redirect(_safe_back(request.form.get("next")))


@bp.route("/requests/<int:request_id>/documents", methods=["POST"])
@roles_required(Role.AGENCY)
def upload_document(request_id: int):
    """Attach an e-ticket, a decision letter or another file for the municipality."""
    access.request_for(current_user, request_id, action="upload_document", participants=False)
    req = actions.load_for_page(request_id)
    form = AgencyUploadForm(prefix="document")
    if form.validate_on_submit():
        upload = form.file.data
        try:
            agency_documents.upload(req, current_user, AttachmentKind(form.kind.data),
                                    upload.filename, upload.read())
        except uploads.UploadError as exc:
            g.rollback = True
            form.file.errors.append(str(exc))
        else:
            flash(_("The document has been attached. The municipality can see it on its "
                    "case page."), "success")
            return redirect(url_for("agency.request_detail", request_id=req.id))
    return render_detail(req, upload_form=form)


@bp.route("/requests/<int:request_id>/customs/<int:declaration_id>", methods=["POST"])
@roles_required(Role.AGENCY)
def customs_document(request_id: int, declaration_id: int):
    """Tick off (or undo) the customs document of one cash declaration."""
    access.request_for(current_user, request_id, action="customs_document", participants=False)
    req = actions.load_for_page(request_id)
    form = CustomsDocumentForm(prefix=f"customs-{declaration_id}")
    if not form.validate_on_submit():
        return render_detail(req, customs_bound=(declaration_id, form))
    try:
        customs.record_document(req, current_user, declaration_id=declaration_id,
                                received_on=form.received_on.data if form.received.data
                                else None)
    except actions.ProcessingError as exc:
        form.received.errors = [*form.received.errors, str(exc)]
        return render_detail(req, customs_bound=(declaration_id, form))
    flash(_("The customs document has been saved."), "success")
    return redirect(url_for("agency.request_detail", request_id=req.id))
