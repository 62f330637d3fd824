"""Forms of the agency's work: the queue filters and one small form per action."""


from flask_babel import lazy_gettext as _l
from portal.forms.base import PortalForm
from portal.forms.fields import MoneyField
from wtforms import (
    BooleanField,
    DateField,
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
    Optional,
    Regexp,
    ValidationError,
)

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


class PlanTravelForm(VersionedForm):
    route = SelectField(_l("Route"), coerce=int,
                        validators=[InputRequired(_l("Choose a route."))])
    flight_numbers = StringField(_l("Flight numbers"), validators=[
        DataRequired(_l("Enter the flight numbers, e.g. TK 1784, TK 2966.")),
        Length(max=100),
        Regexp(r"^[A-Za-z0-9 ,/\-]+$",
               message=_l("Use letters, digits, spaces, commas and slashes only."))])
    departure_date = DateField(_l("Departure date"), validators=[
        InputRequired(_l("Enter the departure date as a real date."))])
    departure_time = TimeField(_l("Departure time (Danish time)"), validators=[
        InputRequired(_l("Enter the departure time, e.g. 10:45."))])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])
    visibility = RadioField(_l("Who may read the note?"), choices=VISIBILITY_CHOICES,
                            default="internal")


class PayoutForm(VersionedForm):
    """The cash paid to one person; the service compares it with the suggested amount."""

    participant = IntegerField(validators=[InputRequired()], widget=HiddenField.widget)
    amount = MoneyField(_l("Amount paid out in cash (kr.)"), validators=[
        InputRequired(_l("Enter the amount paid out."))])
    reason = StringField(_l("Reason, if the amount differs from the suggested one"),
                         validators=[Optional(), Length(max=300)])


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
    payout = HiddenField(validators=[DataRequired()])


class StatisticsForm(PortalForm):
    class Meta:
        csrf = False

    year = SelectField(_l("Year"), coerce=int, validators=[Optional()])
