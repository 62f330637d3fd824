"""View helpers shared by the municipality's view modules: errors next to fields and the
case page."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from portal.forms.case import (
    AnswerForm,
    ConfirmForm,
    StartRequestForm,
    WithdrawForm,
)
from portal.models import RequestKind
from portal.services.filing import households, submission
from portal.services.information import guidance
from portal.services.processing import agency_documents, ledger, trips


def add_error(form, name: str | None, message: str) -> None:
    """An error next to its field (and so in the summary), or for the whole form."""
    if name and name in form:
        form[name].errors = [*list(form[name].errors), message]
    else:
        form.form_errors.append(message)


def field_error(form, exc) -> None:
    add_error(form, getattr(exc, "field", None), str(exc))


def render_case_page(case, **forms):
    """The case page; forms with errors (answer, withdraw) are passed in to re-render."""
    context = {
        "case": case, "show_cpr": households.show_full_cpr(current_user, case),
        "start_form": StartRequestForm(), "answer_form": AnswerForm(formdata=None),
        "withdraw_form": WithdrawForm(formdata=None), "confirm_form": ConfirmForm(),
        "current_step": submission.current_step, "shared_events": households.shared_events,
        "agency_question": households.agency_question, "trip_of": trips.trip_of,
        "agency_documents": agency_documents.for_request,
        "cancelled_bookings_of": trips.cancelled_bookings,
        "payout_notices": ledger.notices_for,
        "deregistration_due": households.deregistration_due(case),
        "guidance": guidance.texts("drc_documents", "cpr_deregistration", "departure_forms"),
        "RequestKind": RequestKind}
    context.update(forms)
    return render_template("municipality/case_detail.html", **context)
