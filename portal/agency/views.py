"""Agency staff: the work queue and the request page (its actions in request_actions.py)."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from portal.agency import bp
from portal.agency._helpers import render_detail
from portal.auth.access import roles_required
from portal.formatting import country_name
from portal.forms.agency import PersonSearchForm, QueueFilterForm
from portal.main import search as search_terms
from portal.models import Obstacle, RequestKind, Role
from portal.services.accounts import access, audit
from portal.services.accounts.audit_reads import audited, criteria
from portal.services.filing import duplicates
from portal.services.processing import actions, queue
from portal.workflow import SUBMITTED_STATUSES, TERMINAL

#: The saved views offered above the queue, in order; "" is every open request.
VIEW_LABELS = (("", _l("All open requests")), ("action", _l("Needs action")),
               ("mine", _l("Mine")), ("unassigned", _l("Unassigned")))


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.AGENCY)
@audited("view_queue",
         detail=lambda: criteria(extra=search_terms.remembered("queue").to_dict()))
def start():
    filter_args = {k: v for k, v in request.args.items() if k not in ("after", "clear") and v}
    if request.method == "POST":
        return search_terms.remember_and_redirect("queue", ("q",), "agency.start")
    searched = search_terms.remembered("queue").get("q", "")
    # A clerk opening the queue wants the work still to do: open requests, oldest first.
    chosen = MultiDict([(k, v) for k, v in request.args.items(multi=True)
                        if k not in ("after", "clear")])
    form = QueueFilterForm(chosen if chosen else MultiDict({"status": "open"}))
    form.q.data = searched
    for name, choices in filter_field_choices().items():
        form[name].choices = choices
    filters = queue.QueueFilters()
    if searched:
        # A search looks through every status and shows its own list, until cleared.
        filters = queue.QueueFilters(q=searched, sort="newest",
                                     after=request.args.get("after", "")[:40])
    elif form.validate():
        filters = queue.QueueFilters(
            status=form.status.data or "", kind=form.kind.data or "",
            municipality=form.municipality.data or "", destination=form.destination.data or "",
            assignee=form.assignee.data or "", obstacle=form.obstacle.data or "",
            overdue=bool(form.overdue.data), sort=form.sort.data or "oldest",
            view=form.view.data if form.view.data in queue.VIEWS else "",
            after=request.args.get("after", "")[:40])
    page = queue.queue_page(filters, current_user)
    next_url = (url_for("agency.start", **filter_args, after=page.next_cursor)
                if page.next_cursor else None)
    first_url = url_for("agency.start", **filter_args) if filters.after else None
    return render_template("agency/start.html", form=form, page=page, searched=searched,
                           counts=queue.status_counts(), next_url=next_url,
                           first_url=first_url, back=request.full_path.rstrip("?"),
                           filter_args=filter_args, terminal=TERMINAL,
                           views=VIEW_LABELS, current_view=filters.view)


def filter_field_choices() -> dict[str, list[tuple[str, str]]]:
    """The options of the queue's filter selects, in the reader's language."""
    choices = queue.filter_choices()
    lists = {
        "status": [("", _("All statuses")), ("open", _("All open requests"))] + [
            (s.value, str(s.label)) for s in SUBMITTED_STATUSES],
        "kind": [("", _("All types"))] + [(k.value, str(k.label)) for k in RequestKind],
        "municipality": [("", _("All municipalities"))] + [
            (code, f"{name} ({code})") for code, name in choices["municipalities"]],
        "destination": [("", _("All destinations"))] + [
            (code, f"{country_name(code)} ({code})") for code in choices["destinations"]],
        "assignee": [("", _("Everybody")), ("me", _("Me")), ("unassigned", _("Unassigned"))] + [
            (str(ident), name) for ident, name in choices["staff"]],
        "obstacle": [("", _("All obstacle categories"))] + [
            (o.value, str(o.label)) for o in Obstacle],
    }
    return lists


@bp.route("/requests/<int:request_id>")
@roles_required(Role.AGENCY)
def request_detail(request_id: int):
    access.request_for(current_user, request_id, participants=False)
    req = actions.load_for_page(request_id)
    audit.record("view_request", request_obj=req)
    return render_detail(req)



@bp.route("/persons", methods=["GET", "POST"])
@roles_required(Role.AGENCY)
def find_person():
    """One identity across the country: every submitted request, of any status and any
    municipality, whose case holds a CPR or passport number. The number is posted and kept
    with the login session; each search shown is audited with the CPR masked."""
    fields = ("by", "number")
    if request.method == "POST":
        return search_terms.remember_and_redirect("persons", fields, "agency.find_person")
    terms = search_terms.remembered("persons")
    form = PersonSearchForm(formdata=terms if terms else None)
    results = None
    if terms and form.validate():
        results = duplicates.search(form.by.data, form.number.data, user=current_user)
    return render_template("agency/find_person.html", form=form, results=results)
