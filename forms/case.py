"""Household case and person forms; choices are filled in by the view, never by a query."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from portal.forms.base import PortalForm, VersionedEditForm
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.models import CaseKind, Relation, RequestKind

DATE_MESSAGE = _l("Enter a real date, for example 2026-03-14.")


def _date(label, required=False, message=None):
    validators = [DataRequired(message or DATE_MESSAGE)] if required else [Optional()]
    return DateField(label, validators=validators, format="%Y-%m-%d",
                     render_kw={"class": "input input-short"})


class CaseForm(VersionedEditForm):
    destination_country = SelectField(_l("Destination country"), choices=[],
                                      validators=[DataRequired(_l("Choose the destination."))])
    kind = RadioField(_l("Kind of repatriation"),
                      choices=[(k.value, k.label) for k in CaseKind],
                      default=CaseKind.ORDINARY.value,
                      validators=[DataRequired(_l("Choose the kind."))])
    planned_departure = _date(_l("Planned departure date"))


class PersonForm(VersionedEditForm):
    full_name = StringField(_l("Full name"), validators=[
        DataRequired(_l("Enter the person's full name.")),
        Length(max=200, message=_l("The name can be at most %(max)d characters."))])
    cpr = StringField(_l("CPR number (optional for a child without one)"),
                      validators=[Optional(), Length(max=20)],
                      render_kw={"autocomplete": "off", "inputmode": "numeric"})
    birth_date = _date(_l("Birth date"))
    nationality = SelectField(_l("Nationality"), choices=[],
                              validators=[DataRequired(_l("Choose the nationality."))])
    danish_citizen = BooleanField(_l("Also a Danish citizen (dual citizenship)"))
    passport_number = StringField(_l("Passport number"), validators=[Optional(), Length(max=40)])
    passport_country = SelectField(_l("Passport issued by"), choices=[],
                                   validators=[Optional()])
    passport_expiry = _date(_l("Passport expiry date"))
    relation = SelectField(_l("Relation"), choices=[(r.value, r.label) for r in Relation],
                           validators=[DataRequired(_l("Choose the relation."))])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])


class NewCaseForm(CaseForm, PersonForm):
    """The case and its first person (the applicant) on one page."""


class SearchForm(PortalForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search by reference or name"), validators=[Optional(), Length(max=100)])


class StartRequestForm(PortalForm):
    kind = RadioField(_l("Which request?"), choices=[(k.value, k.label) for k in RequestKind],
                      validators=[DataRequired(_l("Choose the kind of request."))])


class AnswerForm(PortalForm):
    answer = TextAreaField(_l("Your answer to the agency"), validators=[
        DataRequired(_l("Write your answer to the agency.")), Length(max=5000)])
    file = FileField(_l("Document (optional)"))


class WithdrawForm(PortalForm):
    note = TextAreaField(_l("Why is the request withdrawn?"), validators=[
        DataRequired(_l("Write why the request is withdrawn.")), Length(max=5000)])


class ConfirmForm(PortalForm):
    """An empty form: a POST button with its CSRF token."""
