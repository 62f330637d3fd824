"""Online-meeting forms: the caseworker's request and the agency's answer."""

from flask_babel import lazy_gettext as _l
from portal.forms.base import PortalForm
from wtforms import DateTimeLocalField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class MeetingRequestForm(PortalForm):
    topic = StringField(_l("Topic"), validators=[
        DataRequired(_l("Enter what you would like to talk about.")), Length(max=500)])
    preferred_times = TextAreaField(_l("Preferred times"), validators=[
        DataRequired(_l("Enter one or more times that suit you.")), Length(max=2000)],
        render_kw={"rows": 4})


class MeetingResponseForm(PortalForm):
    action = RadioField(_l("Answer"), choices=[
        ("confirm", _l("Confirm this time")),
        ("propose", _l("Propose this time instead")),
        ("decline", _l("Decline the meeting")),
    ], validators=[DataRequired(_l("Choose an answer."))])
    when = DateTimeLocalField(_l("Date and time (Danish time)"), format="%Y-%m-%dT%H:%M",
                              validators=[Optional()])
    message = TextAreaField(_l("Message to the municipality"), validators=[Length(max=2000)],
                            render_kw={"rows": 3})

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.action.data in ("confirm", "propose") and self.when.data is None \
                and not self.when.errors:
            self.when.errors = [*self.when.errors, _l("Enter a date and time, e.g. 2026-12-03 "
                                                      "10:00.")]
            ok = False
        return ok
