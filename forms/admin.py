"""Admin forms for users; choices are filled in by the view, never by a query here."""

from flask_babel import lazy_gettext as _l
from portal.forms.base import PortalForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from portal.models import Role
from portal.rules import PASSWORD_MIN_LENGTH


def role_choices():
    return [(role.value, role.label) for role in Role]


class UserCreateForm(PortalForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the name.")),
                                               Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[
        DataRequired(_l("Enter the e-mail address.")),
        Email(message=_l("Enter a valid e-mail address."), check_deliverability=False),
        Length(max=254)])
    role = SelectField(_l("Role"), choices=role_choices,
                       validators=[DataRequired(_l("Choose a role."))])
    municipality = SelectField(_l("Municipality (caseworkers only)"), choices=[],
                               validators=[Optional()])
    password = PasswordField(_l("Initial password"), validators=[
        DataRequired(_l("Enter an initial password.")),
        Length(min=PASSWORD_MIN_LENGTH, message=_l("Use at least %(min)d characters."))],
        render_kw={"autocomplete": "new-password"})


class PasswordResetForm(PortalForm):
    password = PasswordField(_l("New password"), validators=[
        DataRequired(_l("Enter a new password.")),
        Length(min=PASSWORD_MIN_LENGTH, message=_l("Use at least %(min)d characters."))],
        render_kw={"autocomplete": "new-password"})


class ConfirmForm(PortalForm):
    """An empty form: a POST button with its CSRF token."""
