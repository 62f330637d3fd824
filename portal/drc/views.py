"""DRC advisers: find a case and read its status; nothing here changes anything."""

from __future__ import annotations

from flask import abort, current_app, render_template, request, url_for
from flask_login import current_user

from portal.auth.access import roles_required
from portal.drc import bp
from portal.extensions import limiter
from portal.forms.drc import LookupForm
from portal.main import search as search_terms
from portal.models import Role
from portal.services.accounts import audit
from portal.services.information import drc_lookup
from portal.services.processing import trips


def _link(endpoint: str, **values) -> str | None:
    """A link to another area's page, or None while that page does not exist yet."""
    if endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **values)


def _lookup_limit() -> str:
    return current_app.config["DRC_LOOKUP_LIMIT"]


def _adviser_key() -> str:
    return f"drc-adviser:{current_user.get_id()}"


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.DRC_ADVISER)
@limiter.limit(_lookup_limit, key_func=_adviser_key, methods=["POST"])
def start():
    fields = ("reference", "name", "birth_date")
    if request.method == "POST":
        return search_terms.remember_and_redirect("drc", fields, "drc.start")
    terms = search_terms.remembered("drc")
    form = LookupForm(formdata=terms)
    searched = any(terms.get(k) for k in fields)
    results = None
    if searched and form.validate():
        results = drc_lookup.find(
            drc_lookup.Lookup(reference=form.reference.data or "", name=form.name.data or "",
                              birth_date=form.birth_date.data), current_user)
        search_terms.keep_found("drc", [case.id for case in results])
    return render_template("drc/start.html", form=form, results=results,
                           searched=searched)


@bp.route("/cases/<int:case_id>")
@roles_required(Role.DRC_ADVISER)
def case_detail(case_id: int):
    case = drc_lookup.case_for_drc(case_id, looked_up=search_terms.found("drc"))
    if case is None or case.reference is None:
        abort(404)
    audit.record("drc_view_case", case=case)
    milestones = {r.id: drc_lookup.shared_milestones(r) for r in case.requests}
    return render_template("drc/case_detail.html", case=case, milestones=milestones,
                           attachments=drc_lookup.drc_attachments(case), link=_link,
                           trip_of=trips.trip_of)
