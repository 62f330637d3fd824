"""Information pages: contacts, routes and the good-to-know guidance (editable by the agency)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal.auth.access import roles_required
from portal.forms.newsletter import GuidanceForm
from portal.info import bp
from portal.main.conflicts import refuse_stale, show_version
from portal.models import Role
from portal.services.filing import blank_forms
from portal.services.information import contacts, guidance, links
from portal.services.reference import flight_routes
from portal.services.versioning import StaleEdit

CONTEXT_LABELS = {
    "flexible_payment": _l("Flexible payment"),
    "departure": _l("Departure"),
    "cash": _l("Cash declaration"),
    "recon_trip": _l("Reconnaissance trip"),
    "case": _l("Case"),
    "routes": _l("Routes"),
    "after_departure": _l("After departure"),
}


@bp.route("/contacts", endpoint="contacts")
@login_required
def contacts_page():
    return render_template("info/contacts.html", contacts=contacts.cards())


@bp.route("/routes", endpoint="routes")
@roles_required(Role.CASEWORKER, Role.AGENCY, Role.DRC_ADVISER)
def routes_page():
    return render_template("info/routes.html", routes=flight_routes.offered_routes(),
                           guidance_keys=("routes_change",))


@bp.route("/guidance", endpoint="guidance")
@login_required
def guidance_page():
    return render_template("info/guidance.html", items=guidance.all_items(),
                           context_labels=CONTEXT_LABELS)


@bp.route("/guidance/<key>/edit", methods=["GET", "POST"])
@roles_required(Role.AGENCY)
def guidance_edit(key: str):
    item = guidance.get_item(key) or abort(404)
    form = GuidanceForm(obj=item)
    form.contexts.choices = [(c, CONTEXT_LABELS[c]) for c in guidance.CONTEXTS]
    show_version(form, item)
    status = 200
    if form.validate_on_submit():
        try:
            guidance.update_item(item, guidance.GuidanceInput(
                title_da=form.title_da.data, body_da=form.body_da.data,
                title_en=form.title_en.data, body_en=form.body_en.data,
                contexts=form.contexts.data or [], source=form.source.data or ""),
                current_user, expected_version=form.version.data or "")
        except StaleEdit as exc:
            status = refuse_stale(form, exc)
        else:
            flash(_("The guidance has been saved."), "success")
            return redirect(url_for("info.guidance") + f"#guidance-{item.key}")
    return render_template("info/guidance_edit.html", form=form, item=item), status


@bp.route("/blanketter", endpoint="forms_and_links")
@login_required
def forms_and_links_page():
    """The blank forms the portal builds and the newsletter's useful links, for every role."""
    return render_template("info/forms_and_links.html", links=links.USEFUL_LINKS,
                           agency_site=links.AGENCY_SITE, source=links.SOURCE)


def _blank(name: str):
    data, filename = blank_forms.blank_form(name)
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/blanketter/frafaldserklaering.pdf", endpoint="blank_waiver")
@login_required
def blank_waiver():
    return _blank("waiver")


@bp.route("/blanketter/udrejseblanket.pdf", endpoint="blank_departure_form")
@login_required
def blank_departure_form():
    return _blank("departure")
