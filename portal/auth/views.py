"""Login (password, then the second factor), logout, account security and the language."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.auth import bp, throttle
from portal.auth.access import start_endpoint
from portal.forms.auth import (
    LanguageForm,
    LoginForm,
    PasswordChangeForm,
    PhoneForm,
    TotpDisableForm,
    TotpForm,
)
from portal.security import safe_next_url
from portal.services.accounts import audit, sessions, totp, users


def _after_login(user):
    target = safe_next_url(session.pop("login_next", None))
    return throttle.remember_device(redirect(target or url_for(start_endpoint(user.role))),
                                    user)


def _failed_login(email: str) -> None:
    audit.record("login_failed")
    for scope in throttle.burst_crossed(email):
        audit.record(throttle.BURST_ACTION, user=None, detail=users.burst_detail(
            scope, email, current_app.config["LOGIN_BURST"]))


@bp.route("/login", methods=["GET", "POST"])
@throttle.per_ip
@throttle.per_account_and_ip
def login():
    if current_user.is_authenticated:
        return redirect(url_for(start_endpoint(current_user.role)))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = users.authenticate(form.email.data, form.password.data)
        if user is None:
            _failed_login(form.email.data)
            form.password.errors.append(_("The e-mail address or the password is wrong."))
        else:
            step = users.next_login_step(user)
            sessions.start(user, mfa_passed=step == "done")
            next_url = safe_next_url(form.next.data)
            if next_url:
                session["login_next"] = next_url
            if step == "totp":
                return redirect(url_for("auth.login_totp"))
            if step == "enrol":
                return redirect(url_for("auth.enrol_totp"))
            audit.record("login", user=user)
            return _after_login(user)
    return render_template("auth/login.html", form=form)


@bp.route("/login/totp", methods=["GET", "POST"])
@throttle.per_ip
@throttle.per_account_and_ip
def login_totp():
    user = sessions.pending_user()
    if user is None or not totp.uses_totp(user):
        return redirect(url_for("auth.login"))
    form = TotpForm()
    if form.validate_on_submit():
        outcome = users.check_code(user, form.code.data)
        if outcome == "ok":
            sessions.complete_second_factor()
            audit.record("login", user=user)
            return _after_login(user)
        if outcome == "locked":
            flash(_("Too many wrong codes. Log in again."), "error")
            return redirect(url_for("auth.login"))
        form.code.errors.append(_("The code is wrong or has already been used. Wait for the "
                                  "next code and try again."))
    return render_template("auth/totp.html", form=form)


def _enrolment_user():
    """A logged-in user enabling the code, or one who must set it up before going on."""
    if current_user.is_authenticated:
        return current_user, False
    user = sessions.pending_user()
    if user is not None and users.next_login_step(user) == "enrol":
        return user, True
    return None, False


@bp.route("/account/totp/setup", methods=["GET", "POST"])
def enrol_totp():
    user, during_login = _enrolment_user()
    if user is None:
        return redirect(url_for("auth.login"))
    if user.totp_enabled:
        return redirect(url_for("auth.account"))
    secret = users.enrolment_secret(user)
    form = TotpForm()
    if form.validate_on_submit():
        if users.confirm_enrolment(user, form.code.data):
            flash(_("The second factor is set up. From now on you give a code when you "
                    "log in."), "success")
            if during_login:
                sessions.complete_second_factor()
                audit.record("login", user=user)
                return _after_login(user)
            return redirect(url_for("auth.account"))
        form.code.errors.append(_("The code is wrong. Check that the clock on your phone is "
                                  "right and type the newest code."))
    uri = totp.provisioning_uri(user, secret)
    return render_template("auth/totp_setup.html", form=form, qr=totp.qr_data_uri(uri),
                           secret=totp.grouped(secret), during_login=during_login,
                           required=totp.required_for(user))


@bp.route("/account", methods=["GET"])
@login_required
def account():
    return _account_page()


def _account_page(**forms):
    """The account page; a form with errors is passed in to show them and what was typed."""
    context = {"disable_form": TotpDisableForm(),
               "phone_form": PhoneForm(formdata=None, data={"phone": current_user.phone}),
               **forms}
    return render_template("auth/account.html", required=totp.required_for(current_user),
                           enabled=totp.uses_totp(current_user), **context)


@bp.route("/account/phone", methods=["POST"])
@login_required
def set_phone():
    form = PhoneForm()
    if not form.validate_on_submit():
        return _account_page(phone_form=form)
    users.set_phone(current_user, form.phone.data or "", actor=current_user)
    flash(_("Your phone number has been saved."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/totp/disable", methods=["POST"])
@login_required
def disable_totp():
    form = TotpDisableForm()
    if totp.required_for(current_user):
        abort(403)
    if form.validate_on_submit():
        try:
            users.disable_totp(current_user, form.password.data)
        except users.AccountError:
            form.password.errors.append(_("The password is wrong."))
        else:
            flash(_("The second factor is turned off."), "success")
            return redirect(url_for("auth.account"))
    return _account_page(disable_form=form)


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
            users.change_password(current_user, form.current_password.data,
                                     form.new_password.data)
        except users.AccountError as exc:
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
