"""Admin forms for users; choices are filled in by the view, never by a query here."""

from flask_babel import lazy_gettext as _l
from portal.forms.base import PortalForm, VersionedEditForm
from wtforms import EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

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


def _text(label, max_length: int, required: str | None = None):
    validators = [DataRequired(required)] if required else [Optional()]
    return StringField(label, validators=[*validators, Length(max=max_length)])


class ContactForm(VersionedEditForm):
    """One contact; the texts in Danish (shown by default) and in English."""

    name_da = _text(_l("Name in Danish"), 200, _l("Enter the Danish name."))
    name_en = _text(_l("Name in English"), 200, _l("Enter the English name."))
    purpose_da = _text(_l("What to contact them about, in Danish"), 500)
    purpose_en = _text(_l("What to contact them about, in English"), 500)
    phone = StringField(_l("Phone"), validators=[
        Optional(), Length(max=40),
        Regexp(r"^\+?[0-9 ]+$", message=_l("Write the number with digits and spaces only, "
                                           "e.g. 30 65 78 40."))])
    phone_label_da = _text(_l("Label of the phone number in Danish"), 100)
    phone_label_en = _text(_l("Label of the phone number in English"), 100)
    email = EmailField(_l("E-mail"), validators=[
        Optional(), Length(max=200), Email(_l("Enter a valid e-mail address."))])
    address = _text(_l("Address"), 300)
    note_da = TextAreaField(_l("Note in Danish"), validators=[Optional(), Length(max=1000)],
                            render_kw={"rows": 3})
    note_en = TextAreaField(_l("Note in English"), validators=[Optional(), Length(max=1000)],
                            render_kw={"rows": 3})
