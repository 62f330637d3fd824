"""Forms for logging in, changing passwords and choosing a language."""

from flask_babel import lazy_gettext as _l
from portal.forms.base import PortalForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from portal.rules import PASSWORD_MIN_LENGTH


class LoginForm(PortalForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Enter your e-mail address."))],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"),
                             validators=[DataRequired(_l("Enter your password."))],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class PasswordChangeForm(PortalForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a new password.")),
                    Length(min=PASSWORD_MIN_LENGTH,
                           message=_l("Use at least %(min)d characters."))],
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(_l("Repeat the new password.")),
                    EqualTo("new_password", message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"})


class LanguageForm(PortalForm):
    lang = SelectField(_l("Language"), choices=[("da", "Dansk"), ("en", "English")])
    next = HiddenField()


class TotpForm(PortalForm):
    """The six-digit code from the authenticator app."""

    code = StringField(
        _l("Code from your authenticator app"),
        validators=[DataRequired(_l("Enter the six-digit code.")),
                    Length(max=12, message=_l("The code has six digits."))],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric",
                   "pattern": "[0-9 ]*", "spellcheck": "false"})


class TotpDisableForm(PortalForm):
    """Turning the second factor off needs the password, so a left-open browser is not enough."""

    password = PasswordField(_l("Password"),
                             validators=[DataRequired(_l("Enter your password."))],
                             render_kw={"autocomplete": "current-password"})


class PhoneForm(PortalForm):
    """The caseworker's phone, printed on every official form that has the field."""

    phone = StringField(_l("Phone"), validators=[
        Optional(), Length(max=30),
        Regexp(r"^\+?[0-9 ()-]{6,30}$",
               message=_l("Enter a phone number of digits, e.g. 87 13 40 00."))],
        render_kw={"autocomplete": "tel", "inputmode": "tel"})
