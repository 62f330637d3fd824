"""Agency staff: the work queue and the request page (actions in actions.py)."""

from __future__ import annotations

from functools import cache, partial
from types import SimpleNamespace

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from forms.agency import (
    AssignForm,
    NoteActionForm,
    NoteForm,
    ObstacleForm,
    PayoutForm,
    PlanTravelForm,
    QueueFilterForm,
    RequiredNoteForm,
)
from forms.fields import OptionList
from portal.auth.access import roles_required
from portal.main import search as search_terms
from portal.main.templating import country_name, country_names
from portal.models import Obstacle, RequestKind, Role
from portal.services import access, audit, processing, queue
from portal.shared_cache import shared_cache
from portal.workflow import AGENCY, SUBMITTED_STATUSES, TERMINAL, Status, allowed_targets

bp = Blueprint("agency", __name__, url_prefix="/agency")

#: (from, to) -> the action's name; the name is also the form prefix and the URL part.
STATUS_ACTIONS = {
    (Status.SUBMITTED, Status.RECEIVED): "receive",
    (Status.RECEIVED, Status.IN_REVIEW): "start_review",
    (Status.IN_REVIEW, Status.AWAITING_MUNICIPALITY): "ask_info",
    (Status.AWAITING_MUNICIPALITY, Status.IN_REVIEW): "resume_review",
    (Status.IN_REVIEW, Status.APPROVED): "approve",
    (Status.RECEIVED, Status.REJECTED): "reject",
    (Status.IN_REVIEW, Status.REJECTED): "reject",
    (Status.APPROVED, Status.TRAVEL_BOOKED): "plan_travel",
    (Status.TRAVEL_BOOKED, Status.DEPARTED): "depart",
    (Status.APPROVED, Status.CANCELLED): "cancel",
    (Status.TRAVEL_BOOKED, Status.CANCELLED): "cancel",
    (Status.CANCELLED, Status.APPROVED): "rebook",
    (Status.APPROVED, Status.CLOSED): "close",
    (Status.DEPARTED, Status.CLOSED): "close",
}
FORM_CLASSES = {
    "receive": NoteActionForm, "start_review": NoteActionForm, "approve": NoteActionForm,
    "depart": NoteActionForm, "rebook": NoteActionForm, "close": NoteActionForm,
    "ask_info": RequiredNoteForm, "resume_review": RequiredNoteForm,
    "reject": RequiredNoteForm, "cancel": RequiredNoteForm,
    "plan_travel": PlanTravelForm, "payout": PayoutForm, "assign": AssignForm,
    "obstacle": ObstacleForm, "note": NoteForm,
}


def status_actions(status: Status) -> list[str]:
    """The actions the agency may take from this status (from the workflow table)."""
    return [STATUS_ACTIONS[(status, to)] for to in allowed_targets(status, AGENCY)
            if (status, to) in STATUS_ACTIONS]


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
            for r in processing.bookable_routes()]
    elif name == "assign":
        form.assignee.choices = [("", _("Nobody"))] + [
            (str(u.id), u.name) for u in processing.agency_staff()]
        if formdata is None:
            form.assignee.data = str(req.assignee_id or "")
    elif name == "obstacle":
        form.obstacle.choices = [(o.value, str(o.label)) for o in Obstacle]
        if formdata is None:
            form.obstacle.data = req.case.obstacle.value
    return form


def render_detail(req, bound=None, status: int = 200):
    """The request page with a form per allowed action; `bound` keeps what was typed."""
    names = [*status_actions(req.status), "assign", "obstacle", "note"]
    forms = {name: make_form(name, req) for name in names}
    payout_forms = {}
    if req.status in processing.PAYOUT_STATUSES:
        for participant in req.participants:
            form = PayoutForm(formdata=None, prefix=f"payout-{participant.id}")
            form.version.data = str(req.version_id)
            form.participant.data = participant.id
            form.amount.data = participant.payout_amount or processing.suggested_payout(
                req, participant)
            payout_forms[participant.id] = form
    if bound is not None:
        name, form = bound
        if name == "payout":
            payout_forms[form.participant.data] = form
        else:
            forms[name] = form
    return render_template(
        "agency/request_detail.html", req=req, case=req.case, forms=forms,
        actions=status_actions(req.status), payout_forms=payout_forms,
        processing_days=processing.days(processing.processing_seconds_now(req)),
        overdue=processing.is_overdue(req), warnings=processing.departure_warnings(req),
        target_weeks=processing.rules.PROCESSING_TARGET_WEEKS,
        doc_link=doc_link, attachments=processing.attachments_for(req)), status


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.AGENCY)
def start():
    filter_args = {k: v for k, v in request.args.items() if k not in ("after", "clear") and v}
    if request.method == "POST":
        return search_terms.remember_and_redirect("queue", ("q",), "agency.start", **filter_args)
    # A clerk opening the queue wants the work still to do: open requests, oldest first.
    chosen = MultiDict([(k, v) for k, v in request.args.items(multi=True)
                        if k not in ("after", "clear")])
    form = QueueFilterForm(chosen if chosen else MultiDict({"status": "open"}))
    form.q.data = search_terms.remembered("queue").get("q", "")
    for name, choices in _filter_field_choices(str(get_locale())).items():
        form[name].choices = choices
    filters = queue.QueueFilters()
    if form.validate():
        filters = queue.QueueFilters(
            status=form.status.data or "", kind=form.kind.data or "",
            municipality=form.municipality.data or "", destination=form.destination.data or "",
            assignee=form.assignee.data or "", obstacle=form.obstacle.data or "",
            overdue=bool(form.overdue.data), q=form.q.data or "",
            sort=form.sort.data or "oldest", after=request.args.get("after", "")[:40])
    page = queue.queue_page(filters, current_user)
    next_url = (url_for("agency.start", **filter_args, after=page.next_cursor)
                if page.next_cursor else None)
    first_url = url_for("agency.start", **filter_args) if filters.after else None
    return render_template("agency/start.html", form=form, page=page,
                           counts=queue.status_counts(), next_url=next_url,
                           first_url=first_url, back=request.full_path.rstrip("?"),
                           filter_args=filter_args, labels=row_labels(str(get_locale())),
                           user_id=current_user.id, terminal=TERMINAL)


def _filter_field_choices(locale: str) -> dict[str, OptionList]:
    """The filter selects' options in the reader's language, shared by every clerk for a
    few seconds (portal.shared_cache): the lists are the same for all of them."""
    return shared_cache().get(("queue_field_choices", locale), queue.FILTER_TABLES,
                              _build_filter_field_choices)


def _build_filter_field_choices() -> dict[str, OptionList]:
    choices = queue.filter_choices()
    names = country_names()
    lists = {
        "status": [("", _("All statuses")), ("open", _("All open requests"))] + [
            (s.value, str(s.label)) for s in SUBMITTED_STATUSES],
        "kind": [("", _("All types"))] + [(k.value, str(k.label)) for k in RequestKind],
        "municipality": [("", _("All municipalities"))] + [
            (code, f"{name} ({code})") for code, name in choices["municipalities"]],
        "destination": [("", _("All destinations"))] + [
            (code, f"{country_name(code, names)} ({code})") for code in choices["destinations"]],
        "assignee": [("", _("Everybody")), ("me", _("Me")), ("unassigned", _("Unassigned"))] + [
            (str(ident), name) for ident, name in choices["staff"]],
        "obstacle": [("", _("All obstacle categories"))] + [
            (o.value, str(o.label)) for o in Obstacle],
    }
    return {name: OptionList(options) for name, options in lists.items()}


@cache
def row_labels(locale: str) -> SimpleNamespace:
    """The queue's translated labels, looked up once per language instead of once per row
    (the catalogues do not change while the process runs)."""
    names = country_names()
    return SimpleNamespace(
        status={s: str(s.label) for s in Status}, kind={k: str(k.label) for k in RequestKind},
        obstacle={o: str(o.label) for o in Obstacle},
        country=partial(country_name, names=names))


@bp.route("/requests/<int:request_id>")
@roles_required(Role.AGENCY)
def request_detail(request_id: int):
    access.request_for(current_user, request_id, participants=False)
    req = processing.load_for_page(request_id)
    audit.record("view_request", request_obj=req)
    return render_detail(req)


from portal.agency import actions, reports  # noqa: E402, F401  (routes on the same blueprint)
