"""Administrators keep the contacts shown on the contacts page and in the footer (17.7)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.admin import bp
from portal.auth.access import roles_required
from portal.forms.admin import ContactForm
from portal.main.conflicts import refuse_stale, show_version
from portal.models import Role
from portal.services.information import contacts
from portal.services.versioning import StaleEdit


@bp.route("/contacts")
@roles_required(Role.ADMIN)
def contact_list():
    return render_template("admin/contacts.html", rows=contacts.listing())


@bp.route("/contacts/<int:contact_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def contact_edit(contact_id: int):
    contact = contacts.get_contact(contact_id) or abort(404)
    form = ContactForm(obj=contact)
    show_version(form, contact)
    status = 200
    if form.validate_on_submit():
        data = contacts.ContactInput(**{name: form[name].data or ""
                                        for name in contacts.ContactInput.__dataclass_fields__})
        try:
            contacts.update_contact(contact, data, current_user,
                                    expected_version=form.version.data or "")
        except StaleEdit as exc:
            status = refuse_stale(form, exc)
        else:
            flash(_("The contact has been saved."), "success")
            return redirect(url_for("admin.contact_list"))
    name = contacts.card(contact, contacts.reader_locale()).name
    return render_template("admin/contact_form.html", form=form, contact=contact,
                           name=name), status
