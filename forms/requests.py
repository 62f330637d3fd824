"""The wizard's forms. Per-person fields are named p<person id>_<field>; the view passes
the persons in, so no form touches the database."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from portal.forms.base import PortalForm
from portal.forms.case import DATE_MESSAGE
from portal.forms.fields import MoneyField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.models import AttachmentKind, CashType


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _coerce_int(value):
    return int(value)


class TravellersForm(PortalForm):
    travellers = MultiCheckboxField(_l("Who travels?"), coerce=_coerce_int, choices=[])


def waivers_form(persons):
    """persons: [(id, name, dual_citizen)] for each adult traveller."""

    class WaiversForm(PortalForm):
        pass

    for pid, _name, dual in persons:
        setattr(WaiversForm, f"p{pid}_regret", BooleanField(
            _l("Waives the right to regret and to reintegration assistance")))
        if dual:
            setattr(WaiversForm, f"p{pid}_citizenship", BooleanField(
                _l("Asks for release from Danish citizenship")))
    return WaiversForm()


def departure_form(person_ids, language_choices=()):
    """language_choices: (code, name) pairs in the reader's language, from the view."""

    class DepartureForm(PortalForm):
        pass

    for pid in person_ids:
        setattr(DepartureForm, f"p{pid}_address_dk", StringField(
            _l("Address in Denmark"), validators=[Optional(), Length(max=300)]))
        setattr(DepartureForm, f"p{pid}_language", SelectField(
            _l("Language (interpreter needed)"),
            choices=[("", _l("No interpreter needed")), *language_choices],
            validators=[Optional()]))
        setattr(DepartureForm, f"p{pid}_address", StringField(
            _l("Address abroad"), validators=[Optional(), Length(max=300)]))
        setattr(DepartureForm, f"p{pid}_contact", StringField(
            _l("Contact person abroad"), validators=[Optional(), Length(max=200)]))
        setattr(DepartureForm, f"p{pid}_needs", TextAreaField(
            _l("Special needs during the journey"), validators=[Optional(), Length(max=500)]))
    return DepartureForm()


class SupplementForm(PortalForm):
    guardian1_name = StringField(_l("Holder of custody 1: name"),
                                 validators=[Optional(), Length(max=200)])
    guardian1_relation = StringField(_l("Holder of custody 1: relation to the children"),
                                     validators=[Optional(), Length(max=100)])
    guardian1_consents = RadioField(_l("Holder of custody 1 consents to the departure"),
                                    choices=[("yes", _l("Yes")), ("no", _l("No"))],
                                    validators=[Optional()])
    guardian1_consent_date = DateField(_l("Holder of custody 1: date of consent"),
                                        validators=[Optional()], format="%Y-%m-%d")
    guardian2_name = StringField(_l("Holder of custody 2: name"),
                                 validators=[Optional(), Length(max=200)])
    guardian2_relation = StringField(_l("Holder of custody 2: relation to the children"),
                                     validators=[Optional(), Length(max=100)])
    guardian2_consents = RadioField(_l("Holder of custody 2 consents to the departure"),
                                    choices=[("yes", _l("Yes")), ("no", _l("No"))],
                                    validators=[Optional()])
    guardian2_consent_date = DateField(_l("Holder of custody 2: date of consent"),
                                        validators=[Optional()], format="%Y-%m-%d")
    consent_confirmed = BooleanField(
        _l("I confirm that the holders of custody consent to the children's departure"))
    escort_person = SelectField(_l("Escort (a person of the case with the relation escort)"),
                                choices=[], validators=[Optional()])
    escorted = MultiCheckboxField(_l("The children the escort travels with"),
                                  coerce=_coerce_int, choices=[], validators=[Optional()])
    escort_organisation = StringField(_l("Escort's organisation"),
                                      validators=[Optional(), Length(max=200)])
    escort_returns_on = DateField(_l("Escort's return date"), validators=[Optional()],
                                  format="%Y-%m-%d")


def cash_form(travellers, carrier_choices, currency_choices):
    """travellers: [(id, is_minor)]; carrier_choices: [(id, name)] of adult travellers."""

    class CashForm(PortalForm):
        pass

    for pid, minor in travellers:
        if minor:
            setattr(CashForm, f"p{pid}_carrier", SelectField(
                _l("Who carries the child's money?"), coerce=str,
                choices=[(str(i), n) for i, n in carrier_choices], validators=[Optional()]))
        setattr(CashForm, f"p{pid}_amount", MoneyField(
            _l("Other cash carried"),
            validators=[Optional(), NumberRange(min=0, max=10**11,
                                                message=_l("Enter an amount of 0 or more."))],
            render_kw={"class": "input input-short"}))
        setattr(CashForm, f"p{pid}_currency", SelectField(
            _l("Currency"), choices=currency_choices, validators=[Optional()]))
    return CashForm()


def declarations_form(person_ids):
    class DeclarationsForm(PortalForm):
        customs_assist = BooleanField(_l("The agency assists with the customs clearance"))

    for pid in person_ids:
        for name, label, size in (
                ("carrier_address", _l("Carrier's address"), 300),
                ("owner", _l("Owner of the cash"), 200),
                ("owner_address", _l("Owner's address"), 300),
                ("intended_recipient", _l("Intended recipient"), 200),
                ("recipient_address", _l("Recipient's address"), 300),
                ("origin", _l("Origin of the cash"), 300),
                ("intended_use", _l("Intended use"), 300),
                ("route", _l("Route"), 300),
                ("means_of_transport", _l("Means of transport"), 100)):
            setattr(DeclarationsForm, f"p{pid}_{name}", StringField(
                label, validators=[Optional(), Length(max=size)]))
        setattr(DeclarationsForm, f"p{pid}_cash_type", SelectField(
            _l("Type of cash"), choices=[(c.value, c.label) for c in CashType],
            default=CashType.CURRENCY.value))
    return DeclarationsForm()


class TripForm(PortalForm):
    travellers = MultiCheckboxField(_l("Who goes on the trip?"), coerce=_coerce_int, choices=[])
    destination_country = SelectField(_l("Destination country"), choices=[],
                                      validators=[DataRequired(_l("Choose the destination."))])
    purpose = TextAreaField(_l("Purpose of the trip"), validators=[
        DataRequired(_l("Describe the purpose of the trip.")), Length(max=5000)])
    first_day = DateField(_l("First day of the trip"), format="%Y-%m-%d",
                          validators=[DataRequired(DATE_MESSAGE)])
    last_day = DateField(_l("Last day of the trip"), format="%Y-%m-%d",
                         validators=[DataRequired(DATE_MESSAGE)])
    benefit_kept = StringField(_l("Benefit kept during the trip"),
                               validators=[Optional(), Length(max=200)])
    support_requested = BooleanField(_l("Maintenance support during the trip is requested"),
                                     default=True)


class UploadForm(PortalForm):
    kind = SelectField(_l("Kind of document"),
                       choices=[(k.value, k.label) for k in AttachmentKind
                                if not k.from_agency])
    file = FileField(_l("File (PDF, JPEG or PNG)"),
                     validators=[FileRequired(_l("Choose a file."))])


class AgencyUploadForm(UploadForm):
    """The agency's documents for the municipality (e-tickets, decision letters)."""

    kind = SelectField(_l("Kind of document"),
                       choices=[(k.value, k.label) for k in AttachmentKind if k.from_agency])


class SubmitForm(PortalForm):
    token = HiddenField()
