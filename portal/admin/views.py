"""Administrators: create, disable and enable users, reset passwords."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.admin import bp
from portal.auth.access import roles_required
from portal.extensions import db
from portal.forms.admin import ConfirmForm, PasswordResetForm, UserCreateForm
from portal.forms.audit import AuditSearchForm, PersonLookupForm
from portal.forms.auth import PhoneForm
from portal.models import Role, User
from portal.security import page_number
from portal.services.accounts import audit, users
from portal.services.accounts.audit_reads import audited, criteria


@bp.route("/")
@roles_required(Role.ADMIN)
def start():
    return render_template("admin/start.html", users=users.list_users(),
                           confirm_form=ConfirmForm())


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create_user():
    form = UserCreateForm()
    form.municipality.choices = [("", _("Choose a municipality"))] + [
        (m.code, f"{m.name} ({m.code})") for m in users.municipalities()
    ]
    if form.validate_on_submit():
        role = Role(form.role.data)
        if role is Role.CASEWORKER and not form.municipality.data:
            form.municipality.errors.append(_("A caseworker must belong to a municipality."))
        else:
            try:
                users.create_user(
                    users.NewUser(email=form.email.data, name=form.name.data, role=role,
                                     password=form.password.data,
                                     municipality_code=form.municipality.data or None),
                    actor=current_user)
            except users.AccountError as exc:
                if str(exc) == "email_taken":
                    form.email.errors.append(_("A user with this e-mail address exists."))
                elif str(exc) == "municipality_required":
                    form.municipality.errors.append(
                        _("A caseworker must belong to a municipality."))
                else:
                    form.password.errors.append(str(exc))
            else:
                flash(_("The user has been created."), "success")
                return redirect(url_for("admin.start"))
    return render_template("admin/user_form.html", form=form)


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user_detail(user_id: int):
    user = _user_or_404(user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            users.reset_password(user, form.password.data, actor=current_user)
        except users.AccountError as exc:
            form.password.errors.append(str(exc))
        else:
            flash(_("The password has been reset. The user's sessions have been ended."),
                  "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return _detail_page(user, form=form)


def _detail_page(user: User, **forms):
    """The user's page; a form with errors is passed in to show them and what was typed."""
    context = {"form": PasswordResetForm(formdata=None), "confirm_form": ConfirmForm(),
               "phone_form": PhoneForm(formdata=None, data={"phone": user.phone}), **forms}
    return render_template("admin/user_detail.html", user=user, **context)


@bp.route("/users/<int:user_id>/phone", methods=["POST"])
@roles_required(Role.ADMIN)
def set_phone(user_id: int):
    user = _user_or_404(user_id)
    form = PhoneForm()
    if not form.validate_on_submit():
        return _detail_page(user, phone_form=form)
    users.set_phone(user, form.phone.data or "", actor=current_user)
    flash(_("The phone number has been saved."), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@roles_required(Role.ADMIN)
def toggle_active(user_id: int):
    user = _user_or_404(user_id)
    if ConfirmForm().validate_on_submit():
        if user.id == current_user.id:
            flash(_("You cannot disable your own account."), "error")
        else:
            users.set_active(user, not user.active, actor=current_user)
            flash(_("The user has been enabled.") if user.active
                  else _("The user has been disabled and logged out."), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/users/<int:user_id>/totp-reset", methods=["POST"])
@roles_required(Role.ADMIN)
def reset_totp(user_id: int):
    user = _user_or_404(user_id)
    if ConfirmForm().validate_on_submit():
        users.reset_totp(user, actor=current_user)
        flash(_("The second factor has been reset and the user's sessions ended. The user "
                "sets up a new code at the next login."), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


# --- Audit log ------------------------------------------------------------------------------

@bp.route("/audit")
@roles_required(Role.ADMIN)
@audited("view_audit_log", detail=criteria)
def audit_log():
    form = AuditSearchForm(request.args)
    form.action.choices = [("", _("All actions"))] + [(a, a) for a in audit.actions()]
    page = page_number()
    rows, total = [], 0
    if form.validate():
        if form.date_from.data and form.date_to.data and form.date_from.data > form.date_to.data:
            form.date_to.errors.append(_("The end date must be on or after the start date."))
        else:
            rows, total = audit.search(audit.AuditFilter(
                case_reference=form.case_reference.data or "",
                person_id=form.person_id.data,
                user_email=form.user_email.data or "",
                action=form.action.data or "",
                date_from=form.date_from.data,
                date_to=form.date_to.data,
            ), page=page)
    pages = max(1, -(-min(total, audit.COUNT_CAP) // audit.PAGE_SIZE))
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("admin/audit.html", form=form, rows=rows, total=total, page=page,
                           pages=pages, args=args, count_cap=audit.COUNT_CAP)


@bp.route("/audit/persons")
@roles_required(Role.ADMIN)
@audited("view_audit_persons", detail=criteria)
def audit_persons():
    form = PersonLookupForm(request.args)
    persons = []
    searched = bool(form.case_reference.data) and form.validate()
    if searched:
        persons = audit.persons_in_case(form.case_reference.data)
    return render_template("admin/audit_persons.html", form=form, persons=persons,
                           searched=searched)


@bp.route("/audit/persons/<int:person_id>/export.csv")
@roles_required(Role.ADMIN)
def audit_export_person(person_id: int):
    person = audit.get_person(person_id)
    if person is None:
        abort(404)
    data = audit.export_person_csv(person)
    return Response(data, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="audit-person-{person.id}.csv"'})
