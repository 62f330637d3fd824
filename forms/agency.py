"""Forms of the agency's work: the queue filters and one small form per action."""


from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from portal.forms.base import NoControlCharacters, PortalForm
from portal.forms.fields import MoneyField
from portal.forms.requests import MultiCheckboxField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SearchField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

from portal.rules import parse_cpr, passport_key

VISIBILITY_CHOICES = [("shared", _l("Shared with the municipality and DRC")),
                      ("internal", _l("Internal to the agency"))]


class QueueFilterForm(PortalForm):
    """GET filters of the work queue; choices are filled in by the view."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search by reference or name"), validators=[Optional(), Length(max=100)])
    status = SelectField(_l("Status"), validators=[Optional()])
    kind = SelectField(_l("Request type"), validators=[Optional()])
    municipality = SelectField(_l("Municipality"), validators=[Optional()])
    destination = SelectField(_l("Destination"), validators=[Optional()])
    assignee = SelectField(_l("Assignee"), validators=[Optional()])
    obstacle = SelectField(_l("Obstacle"), validators=[Optional()])
    overdue = BooleanField(_l("Only overdue (more than 4 weeks)"))
    sort = SelectField(_l("Sort"), choices=[("oldest", _l("Oldest first")),
                                            ("newest", _l("Newest first")),
                                            ("departure", _l("Planned departure, soonest first"))],
                       validators=[Optional()])
    view = HiddenField()


class PersonSearchForm(PortalForm):
    """The agency's search for a person by CPR or passport number (posted; the view keeps the
    terms with the login session, never in the URL)."""

    class Meta:
        csrf = False

    by = RadioField(_l("Search by"), choices=[("cpr", _l("CPR number")),
                                              ("passport", _l("Passport number"))],
                    default="cpr", validators=[InputRequired()])
    number = StringField(_l("Number"), validators=[DataRequired(), Length(max=40)])

    def validate_number(self, field):
        if self.by.data == "cpr":
            try:
                parse_cpr(field.data or "")
            except ValueError as exc:
                raise ValidationError(gettext(str(exc))) from None
        elif not passport_key(field.data):
            raise ValidationError(_l("A passport number has letters or digits."))


class VersionedForm(PortalForm):
    """Every action form carries the version it was built from (optimistic locking)."""

    version = HiddenField(validators=[DataRequired()])


class NoteActionForm(VersionedForm):
    """Receive, start review, approve, mark departed, rebook, close: an optional note."""

    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])
    # Internal unless chosen, as on every note: sharing is a decision, not a default.
    visibility = RadioField(_l("Who may read the note?"), choices=VISIBILITY_CHOICES,
                            default="internal")


class RequiredNoteForm(VersionedForm):
    """Ask for information, reject, cancel, resume: the other party needs the text."""

    note = TextAreaField(_l("Message"), validators=[
        DataRequired(_l("Write the message: the municipality needs to know why.")),
        Length(max=2000)])


class NoteForm(VersionedForm):
    note = TextAreaField(_l("Note"), validators=[DataRequired(_l("Write the note.")),
                                                 Length(max=2000)])
    visibility = RadioField(_l("Who may read the note?"), choices=VISIBILITY_CHOICES,
                            default="internal")


#: Dates typed as on a Danish form, or as a browser's date input sends them.
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"]
TIME_FORMATS = ["%H:%M", "%H.%M"]
AIRPORT = Regexp(r"^[A-Za-z]{3}$", message=_l("Use the airport's three-letter code, e.g. CPH."))


class LegForm(Form):
    """One flight of a booking; a leg left wholly blank is ignored."""

    carrier = StringField(_l("Airline"), validators=[Optional(), Length(max=60),
                                                     NoControlCharacters()])
    flight_number = StringField(_l("Flight number"), validators=[
        Optional(), Length(max=10),
        Regexp(r"^[A-Za-z0-9]{2}\s?[0-9]{1,5}[A-Za-z]?$",
               message=_l("Enter a flight number such as TK 1784."))])
    from_airport = StringField(_l("From (airport code)"), validators=[Optional(), AIRPORT])
    to_airport = StringField(_l("To (airport code)"), validators=[Optional(), AIRPORT])
    departure_date = DateField(_l("Departure date (local time)"), format=DATE_FORMATS,
                               validators=[Optional()])
    departure_time = TimeField(_l("Departure time (local time)"), format=TIME_FORMATS,
                               validators=[Optional()])
    arrival_date = DateField(_l("Arrival date (local time)"), format=DATE_FORMATS,
                             validators=[Optional()])
    arrival_time = TimeField(_l("Arrival time (local time)"), format=TIME_FORMATS,
                             validators=[Optional()])

    REQUIRED = {"carrier": _l("Enter the airline."),
                "flight_number": _l("Enter the flight number."),
                "from_airport": _l("Enter the airport of departure."),
                "to_airport": _l("Enter the airport of arrival."),
                "departure_date": _l("Enter the departure date as a real date."),
                "departure_time": _l("Enter the departure time, e.g. 10:45.")}

    def is_blank(self) -> bool:
        return not any((f.raw_data or [""])[0].strip() for f in self)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.is_blank():
            return valid
        for name, message in self.REQUIRED.items():
            field = self[name]
            if not field.errors and not field.data:
                field.errors = [*field.errors, message]
                valid = False
        if bool(self.arrival_date.data) != bool(self.arrival_time.data):
            self.arrival_time.errors = [*self.arrival_time.errors,
                                        _l("Enter both the arrival date and time, or neither.")]
            valid = False
        return valid


class PlanTravelForm(VersionedForm):
    route = SelectField(_l("Route"), coerce=int,
                        validators=[InputRequired(_l("Choose a route."))])
    legs = FieldList(FormField(LegForm), min_entries=3, max_entries=6)
    persons = MultiCheckboxField(
        _l("Travellers on this booking"), coerce=int,
        validators=[DataRequired(_l("Choose who travels on this booking."))])
    baggage_kg = IntegerField(_l("Baggage allowance per person (kg)"), default=23,
                              validators=[Optional(), NumberRange(min=0, max=100)])
    meeting_point = StringField(_l("Meeting point at the airport"), validators=[
        Optional(), Length(max=200)])
    meeting_time = TimeField(_l("Meeting time at the airport (Danish time)"),
                             format=TIME_FORMATS, validators=[Optional()])
    escort = StringField(_l("Escort (who travels with them, if anyone)"), validators=[
        Optional(), Length(max=200)])
    customs_override = BooleanField(_l("Book past the customs deadline anyway"))
    customs_override_reason = TextAreaField(
        _l("Reason for booking past the customs deadline"),
        validators=[Optional(), Length(max=1000)])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])
    visibility = RadioField(_l("Who may read the note?"), choices=VISIBILITY_CHOICES,
                            default="internal")

    def validate_legs(self, field):
        if all(entry.form.is_blank() for entry in field.entries):
            first = field.entries[0].form.flight_number
            first.errors = [*first.errors, _l("Enter at least one flight.")]
            raise StopValidation()

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        reason = self.customs_override_reason
        if self.customs_override.data and not (reason.data or "").strip():
            reason.errors = [*reason.errors,
                             _l("Give the reason for booking past the customs deadline.")]
            valid = False
        return valid


class CustomsDocumentForm(PortalForm):
    """The toddokument of one cash declaration received by the agency, and on which day."""

    received = BooleanField(_l("Customs document received"))
    received_on = DateField(_l("Received on"), format=DATE_FORMATS, validators=[Optional()])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and self.received.data and self.received_on.data is None:
            self.received_on.errors = [_l("Enter the day the customs document was received.")]
            valid = False
        return valid


class PayoutForm(VersionedForm):
    """The cash paid to one person; the service compares it with the suggested amount."""

    participant = IntegerField(validators=[InputRequired()], widget=HiddenField.widget)
    amount = MoneyField(_l("Amount paid out in cash (kr.)"), validators=[
        InputRequired(_l("Enter the amount paid out."))])
    reason = StringField(_l("Reason, if the amount differs from the suggested one"),
                         validators=[Optional(), Length(max=300)])
    paid_on = DateField(_l("Date paid (empty: today)"), validators=[Optional()])
    reference = StringField(_l("Payment reference (optional)"),
                            validators=[Optional(), Length(max=100)])


class AssignForm(VersionedForm):
    # No Optional(): it would stop the chain on whitespace and skip the choice check;
    # "" (nobody) is itself one of the choices.
    assignee = SelectField(_l("Assignee"))
    take_over = BooleanField(_l("Yes, take the request over from the colleague who has it "
                                "(they are told by e-mail)"))


class AssignToMeForm(VersionedForm):
    pass


class ObstacleForm(VersionedForm):
    obstacle = SelectField(_l("Obstacle category"), validators=[DataRequired()])


class RouteChoiceForm(PortalForm):
    """Which bookings a disruption hits: a route, and optionally one flight and a period."""

    class Meta:
        csrf = False

    route = SelectField(_l("Route"), coerce=int, validators=[Optional()])
    flight = StringField(_l("Flight number (optional)"), validators=[
        Optional(), Length(max=20),
        Regexp(r"^[A-Za-z0-9 ]+$", message=_l("Use letters, digits and spaces only."))])
    date_from = DateField(_l("Departures from (optional)"), validators=[Optional()])
    date_to = DateField(_l("Departures until (optional)"), validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end of the period must not be before its start."))


class BulkRebookForm(PortalForm):
    route = HiddenField(validators=[DataRequired()])
    flight = HiddenField()
    date_from = HiddenField()
    date_to = HiddenField()
    request_ids = HiddenField()
    note = TextAreaField(_l("Message to the municipalities"), validators=[
        DataRequired(_l("Write why the bookings are cancelled, e.g. closed airspace.")),
        Length(max=2000)])
    confirm = BooleanField(_l("Yes, cancel all these bookings and put them back to approved"),
                           validators=[DataRequired(_l("Tick the box to confirm."))])


class MarkPaidForm(PortalForm):
    """A waiting payment is cleared only with the date paid, a reference and a tick."""

    paid_on = DateField(_l("Date paid"), validators=[
        InputRequired(_l("Enter the date the payment was made."))])
    reference = StringField(_l("Payment reference"), validators=[
        DataRequired(_l("Enter the payment's reference, e.g. the bank's transaction number.")),
        Length(max=100)])
    confirm = BooleanField(_l("Yes, this amount has been paid"), validators=[
        DataRequired(_l("Tick the box to confirm the payment."))])


class SettleFollowUpForm(VersionedForm):
    note = TextAreaField(_l("How was the payout followed up?"), validators=[
        DataRequired(_l("Write how the payout was followed up, e.g. paid back.")),
        Length(max=2000)])


class StatisticsForm(PortalForm):
    class Meta:
        csrf = False

    year = SelectField(_l("Year"), coerce=int, validators=[Optional()])
