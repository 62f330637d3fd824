"""Check your answers, submit once, the confirmation, and the municipality's follow-up."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import rules
from portal.auth.access import roles_required
from portal.forms import requests as rf
from portal.forms.case import AnswerForm, ConfirmForm, WithdrawForm
from portal.models import AttachmentKind, Role
from portal.municipality import bp
from portal.municipality._helpers import render_case_page
from portal.services.accounts import audit
from portal.services.accounts.audit_reads import audited
from portal.services.filing import cash, date_warnings, duplicates, households, submission
from portal.services.filing import steps as fs
from portal.services.information import guidance
from portal.services.processing import trips
from portal.workflow import Status


def _summary(req) -> dict:
    context = {"req": req, "case": req.case, "travellers": submission.travellers(req),
               "steps": submission.steps(req), "step_labels": submission.STEP_LABELS,
               "departure": fs.departure_date(req), "is_minor": lambda p: fs.is_minor(req, p),
               "attachments": submission.attachments_for(req), "problems": submission.problems(req),
               "customs_deadline": cash.customs_deadline(req),
               "rates_warnings": cash.rates_warnings(req),
               "date_warnings": date_warnings.for_request(req)}
    if req.kind.value != "recon_trip":
        try:
            context["traveller_cash"] = cash.traveller_cash(req)
        except cash.CashError as exc:
            context["rates_error"] = str(exc)
    if req.kind.value == "flexible_payment":
        try:
            choice = cash.rates_for(fs.departure_date(req))
            context["rates_choice"] = choice
            context["amounts"] = cash.flexible_amounts(req, fs.departure_date(req), choice)
        except cash.CashError as exc:
            context["rates_error"] = str(exc)
    if req.recon_trip is not None:
        trip = req.recon_trip
        context["trip_days"] = rules.recon_trip_days(trip.first_day, trip.last_day)
        context["support_days"] = rules.recon_support_days(trip.first_day, trip.last_day)
    return context


@bp.route("/requests/<int:request_id>/check")
@roles_required(Role.CASEWORKER)
@audited("view_check")
def check(request_id: int):
    req = submission.get_request(current_user, request_id)
    if req.status is not Status.DRAFT:
        return redirect(url_for("municipality.confirmation", request_id=req.id))
    req.draft_step = "check"
    form = rf.SubmitForm(token=submission.ensure_token(req))
    names = submission.steps(req)
    return render_template("municipality/check.html", form=form, step="check",
                           step_number=len(names), **_summary(req),
                           possible_duplicate=duplicates.possible_duplicate(req))


@bp.route("/requests/<int:request_id>/submit", methods=["POST"])
@roles_required(Role.CASEWORKER)
def submit(request_id: int):
    req = submission.get_request(current_user, request_id)
    form = rf.SubmitForm()
    if form.validate_on_submit():
        try:
            submission.submit(req, current_user, form.token.data or "")
        except submission.FilingError as exc:
            flash(str(exc), "error")
            if req.status is Status.DRAFT:
                return redirect(url_for("municipality.check", request_id=req.id))
            return redirect(url_for("municipality.case_detail", case_id=req.case_id))
        return redirect(url_for("municipality.confirmation", request_id=req.id))
    flash(_("The page was out of date. Check the answers again and submit."), "error")
    return redirect(url_for("municipality.check", request_id=req.id))


#: The "good to know" boxes after submitting each kind of request: a reconnaissance trip comes
#: back, so it gets neither the CPR deregistration nor the documents for DRC.
CONFIRMATION_GUIDANCE = {
    "flexible_payment": ("drc_documents", "cpr_deregistration"),
    "departure": ("cash_declaration", "cpr_deregistration"),
    "recon_trip": (),
}


@bp.route("/requests/<int:request_id>/confirmation")
@roles_required(Role.CASEWORKER)
@audited("view_confirmation")
def confirmation(request_id: int):
    req = submission.get_request(current_user, request_id)
    if req.status is Status.DRAFT:
        return redirect(url_for("municipality.check", request_id=req.id))
    return render_template("municipality/confirmation.html", req=req, case=req.case,
                           weeks=rules.PROCESSING_TARGET_WEEKS,
                           recon_weeks=rules.RECON_MAX_SUPPORT_DAYS // 7,
                           possible_duplicate=duplicates.possible_duplicate(req),
                           guidance=guidance.texts(*CONFIRMATION_GUIDANCE[req.kind.value]))


@bp.route("/requests/<int:request_id>/departure.ics")
@roles_required(Role.CASEWORKER)
def trip_calendar(request_id: int):
    """The booked departure as a calendar event for the caseworker's own calendar."""
    req = submission.get_request(current_user, request_id)
    trip = trips.trip_of(req) or abort(404)
    audit.record("download_calendar", request_obj=req)
    body = trips.calendar(
        trip, summary=_("Departure %(reference)s", reference=trip.reference),
        description=_("Flights %(flights)s, %(route)s. Case %(reference)s in the "
                      "Repatriation Portal.", flights=trip.flight_numbers, route=trip.route,
                      reference=trip.reference))
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="udrejse-{trip.reference}.ics"'})


@bp.route("/requests/<int:request_id>/answer", methods=["POST"])
@roles_required(Role.CASEWORKER)
def answer(request_id: int):
    req = submission.get_request(current_user, request_id)
    form = AnswerForm()
    if form.validate_on_submit():
        upload = None
        if form.file.data and getattr(form.file.data, "filename", ""):
            upload = (form.file.data.filename, form.file.data.read(), AttachmentKind.OTHER)
        try:
            submission.answer_information_request(req, current_user, form.answer.data, upload)
        except submission.FilingError as exc:
            form.answer.errors = [str(exc)] if exc.field == "answer" else []
            if exc.field != "answer":
                flash(str(exc), "error")
        else:
            flash(_("Your answer has been sent to the agency."), "success")
            return redirect(url_for("municipality.case_detail", case_id=req.case_id))
    case = households.view_case(current_user, req.case_id)
    return render_case_page(case, answer_form=form, answer_request_id=req.id)


@bp.route("/requests/<int:request_id>/withdraw", methods=["POST"])
@roles_required(Role.CASEWORKER)
def withdraw(request_id: int):
    req = submission.get_request(current_user, request_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            submission.withdraw(req, current_user, form.note.data)
        except submission.FilingError as exc:
            flash(str(exc), "error")
        else:
            flash(_("The request has been withdrawn."), "success")
        return redirect(url_for("municipality.case_detail", case_id=req.case_id))
    case = households.view_case(current_user, req.case_id)
    return render_case_page(case, withdraw_form=form, withdraw_request_id=req.id)


@bp.route("/requests/<int:request_id>/delete", methods=["POST"])
@roles_required(Role.CASEWORKER)
def delete_draft(request_id: int):
    req = submission.get_request(current_user, request_id)
    case_id = req.case_id
    if ConfirmForm().validate_on_submit():
        try:
            submission.delete_draft(req, current_user)
        except submission.FilingError as exc:
            flash(str(exc), "error")
        else:
            flash(_("The draft has been deleted."), "success")
    return redirect(url_for("municipality.case_detail", case_id=case_id))
