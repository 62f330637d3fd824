"""Login, logout, password change and the language switch."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forms.auth import LanguageForm, LoginForm, PasswordChangeForm
from portal.auth import sessions
from portal.auth.access import start_endpoint
from portal.security import safe_next_url
from portal.services import accounts, audit

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for(start_endpoint(current_user.role)))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            audit.record("login_failed")
            form.password.errors.append(_("The e-mail address or the password is wrong."))
        else:
            sessions.start(user, mfa_passed=True)
            audit.record("login", user=user)
            target = safe_next_url(form.next.data) or url_for(start_endpoint(user.role))
            return redirect(target)
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        audit.record("logout")
    sessions.end_current()
    flash(_("You are logged out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current_password.data,
                                     form.new_password.data)
        except accounts.AccountError as exc:
            if str(exc) == "current":
                form.current_password.errors.append(_("The current password is wrong."))
            else:
                form.new_password.errors.append(str(exc))
        else:
            flash(_("Your password has been changed. Other sessions have been logged out."),
                  "success")
            return redirect(url_for(start_endpoint(current_user.role)))
    return render_template("auth/password.html", form=form)


@bp.route("/language", methods=["POST"])
def set_language():
    form = LanguageForm()
    target = safe_next_url(form.next.data) or url_for("main.index")
    if form.validate_on_submit():
        session["lang"] = form.lang.data
        if current_user.is_authenticated:
            current_user.locale = form.lang.data
    return redirect(target)
