"""View helpers shared by the agency's view modules: the action forms and the request page."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.forms.agency import (
    AssignForm,
    CustomsDocumentForm,
    NoteActionForm,
    NoteForm,
    ObstacleForm,
    PayoutForm,
    PlanTravelForm,
    RequiredNoteForm,
    SettleFollowUpForm,
)
from portal.forms.requests import AgencyUploadForm
from portal.services.filing import cash, duplicates
from portal.services.processing import actions, bookings, ledger, queue, trips
from portal.workflow import agency_actions

FORM_CLASSES = {
    "receive": NoteActionForm, "start_review": NoteActionForm, "approve": NoteActionForm,
    "depart": NoteActionForm, "rebook": NoteActionForm, "close": NoteActionForm,
    "ask_info": RequiredNoteForm, "resume_review": RequiredNoteForm,
    "reject": RequiredNoteForm, "cancel": RequiredNoteForm, "reopen": RequiredNoteForm,
    "annul": RequiredNoteForm,
    "plan_travel": PlanTravelForm, "payout": PayoutForm, "assign": AssignForm,
    "obstacle": ObstacleForm, "note": NoteForm, "settle_follow_up": SettleFollowUpForm,
}


def doc_link(endpoint: str, **values) -> str | None:
    """A link to another area's page, or None while that page does not exist yet."""
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)


def make_form(name: str, req, formdata=None):
    """An action form with its prefix, the request's version and its choices filled in."""
    cls = FORM_CLASSES[name]
    kwargs = {"prefix": name}
    if formdata is None:
        kwargs["formdata"] = None
    form = cls(**kwargs)
    if formdata is None:
        form.version.data = str(req.version_id)
    if name == "plan_travel":
        form.route.choices = [
            (r.id, r.label if r.active else _("%(route)s (suspended: unavailable)",
                                               route=r.label))
            for r in bookings.bookable_routes()]
        form.persons.choices = [(p.id, p.full_name) for p in bookings.travellers(req)]
        if formdata is None:  # a rebooking starts from the travellers of the last booking
            start = bookings.defaults(req)
            form.persons.data = start.person_ids
            form.escort.data = start.escort
    elif name == "assign":
        form.assignee.choices = [("", _("Nobody"))] + [
            (str(u.id), u.name) for u in actions.agency_staff()]
        if formdata is None:
            form.assignee.data = str(req.assignee_id or "")
        if req.assignee_id in (None, current_user.id):
            del form.take_over  # only a colleague's request is taken over
    elif name == "obstacle":
        form.obstacle.choices = [(o.value, str(o.label)) for o in actions.STORED_OBSTACLES]
        if formdata is None:
            form.obstacle.data = req.case.obstacle.value
    return form


def travel_plan(form) -> bookings.TravelPlan:
    """The booking form's data as the service's input; blank legs are left out."""
    legs = tuple(
        bookings.Leg(carrier=leg.carrier.data or "", flight_number=leg.flight_number.data or "",
                     from_airport=leg.from_airport.data or "",
                     to_airport=leg.to_airport.data or "",
                     departs_local=datetime.combine(leg.departure_date.data,
                                                    leg.departure_time.data),
                     arrives_local=(datetime.combine(leg.arrival_date.data,
                                                     leg.arrival_time.data)
                                    if leg.arrival_date.data else None))
        for leg in (entry.form for entry in form.legs.entries) if not leg.is_blank())
    return bookings.TravelPlan(
        route_id=form.route.data, legs=legs, person_ids=tuple(form.persons.data or ()),
        baggage_kg=form.baggage_kg.data, meeting_point=form.meeting_point.data or "",
        meeting_time=form.meeting_time.data, escort=form.escort.data or "",
        customs_override_reason=(form.customs_override_reason.data or ""
                                 if form.customs_override.data else ""))


def customs_forms(req, bound=None) -> dict:
    """One toddokument form per cash declaration, filled from what is recorded."""
    forms = {}
    for declaration in req.cash_declarations:
        form = CustomsDocumentForm(formdata=None, prefix=f"customs-{declaration.id}")
        document = declaration.customs_document
        form.received.data = document is not None
        form.received_on.data = document.received_on if document else date.today()
        forms[declaration.id] = form
    if bound is not None:
        forms[bound[0]] = bound[1]
    return forms


def render_detail(req, bound=None, status: int = 200, upload_form=None, customs_bound=None):
    """The request page with a form per allowed action; `bound` keeps what was typed."""
    entries = ledger.entries_for(req.id)
    names = [*agency_actions(req.status), "assign", "obstacle", "note"]
    if any(e.follow_up for e in entries):
        names.append("settle_follow_up")
    forms = {name: make_form(name, req) for name in names}
    payout_forms, suggested = {}, {}
    if req.status in actions.PAYOUT_STATUSES:
        for participant in req.participants:
            form = PayoutForm(formdata=None, prefix=f"payout-{participant.id}")
            form.version.data = str(req.version_id)
            form.participant.data = participant.id
            suggested[participant.id] = actions.suggested_payout(req, participant)
            form.amount.data = participant.payout_amount or suggested[participant.id]
            payout_forms[participant.id] = form
    if bound is not None:
        name, form = bound
        if name == "payout":
            payout_forms[form.participant.data] = form
        else:
            forms[name] = form
    return render_template(
        "agency/request_detail.html", req=req, case=req.case, forms=forms,
        actions=agency_actions(req.status), payout_forms=payout_forms, suggested=suggested,
        ledger=entries, timeline=ledger.timeline(req, entries),
        difference=ledger.difference_text, obstacle=queue.obstacle_of(req),
        follow_up=[e for e in entries if e.follow_up],
        processing_days=actions.days(actions.processing_seconds_now(req)),
        overdue=actions.is_overdue(req),
        warnings=[*actions.departure_warnings(req), *cash.rates_warnings(req)],
        target_weeks=actions.rules.PROCESSING_TARGET_WEEKS,
        doc_link=doc_link, attachments=actions.attachments_for(req),
        upload_form=upload_form or AgencyUploadForm(formdata=None, prefix="document"),
        customs_forms=customs_forms(req, customs_bound), trip=trips.trip_of(req),
        cancelled_bookings=trips.cancelled_bookings(req),
        duplicates=duplicates.for_request(req)), status
