"""Online meetings: the caseworker asks, the agency confirms or proposes a time."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.access import roles_required
from portal.forms.meetings import MeetingRequestForm, MeetingResponseForm
from portal.forms.newsletter import ConfirmForm
from portal.info import bp
from portal.models import MeetingStatus, Role
from portal.security import page_number
from portal.services.information import meetings

ERRORS = {
    "closed": lambda: _("This meeting request has already been closed."),
    "time_required": lambda: _("Enter a date and time, e.g. 2026-12-03 10:00."),
    "time_in_past": lambda: _("The time must be in the future."),
    "unknown_action": lambda: _("Choose an answer."),
    "not_proposed": lambda: _("There is no proposed time to accept."),
}


@bp.route("/meetings", endpoint="meetings")
@roles_required(Role.CASEWORKER, Role.AGENCY)
def meetings_page():
    page = page_number()
    return render_template(
        "meetings/list.html", meetings=meetings.meetings_for(current_user, page), page=page,
        per_page=meetings.PAGE_SIZE, form=MeetingRequestForm(formdata=None),
        confirm_form=ConfirmForm(), agency=current_user.role is Role.AGENCY,
        MeetingStatus=MeetingStatus)


@bp.route("/meetings/new", methods=["GET", "POST"])
@roles_required(Role.CASEWORKER)
def meeting_new():
    form = MeetingRequestForm()
    if form.validate_on_submit():
        meetings.request_meeting(meetings.MeetingInput(
            topic=form.topic.data, preferred_times=form.preferred_times.data), current_user)
        flash(_("Your request has been sent to the Danish Return Agency. You will get an "
                "e-mail when they answer."), "success")
        return redirect(url_for("info.meetings"))
    return render_template("meetings/new.html", form=form)


@bp.route("/meetings/<int:meeting_id>/respond", methods=["GET", "POST"])
@roles_required(Role.AGENCY)
def meeting_respond(meeting_id: int):
    meeting = meetings.meeting_for(current_user, meeting_id)
    form = MeetingResponseForm()
    if form.validate_on_submit():
        try:
            meetings.respond(meeting, meetings.Response(
                action=form.action.data, when=form.when.data, message=form.message.data or ""),
                current_user)
        except meetings.MeetingError as exc:
            message = ERRORS[str(exc)]()
            target = form.when if str(exc) in ("time_required", "time_in_past") else None
            (target.errors.append(message) if target is not None
             else form.form_errors.append(message))
        else:
            flash(_("Your answer has been saved and sent to the municipality."), "success")
            return redirect(url_for("info.meetings"))
    return render_template("meetings/respond.html", form=form, meeting=meeting)


@bp.route("/meetings/<int:meeting_id>/accept", methods=["POST"])
@roles_required(Role.CASEWORKER)
def meeting_accept(meeting_id: int):
    meeting = meetings.meeting_for(current_user, meeting_id)
    if ConfirmForm().validate_on_submit():
        try:
            meetings.accept(meeting, current_user)
        except meetings.MeetingError as exc:
            flash(ERRORS[str(exc)](), "error")
        else:
            flash(_("You have accepted the proposed time. The meeting is confirmed."), "success")
    return redirect(url_for("info.meetings"))


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["POST"])
@roles_required(Role.CASEWORKER)
def meeting_cancel(meeting_id: int):
    meeting = meetings.meeting_for(current_user, meeting_id)
    if ConfirmForm().validate_on_submit():
        try:
            meetings.cancel(meeting, current_user)
        except meetings.MeetingError as exc:
            flash(ERRORS[str(exc)](), "error")
        else:
            flash(_("The meeting has been cancelled."), "success")
    return redirect(url_for("info.meetings"))
