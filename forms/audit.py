"""Search forms for the audit log (administrators); read-only GET forms."""

from flask_babel import lazy_gettext as _l
from portal.forms.base import PortalForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional


class AuditSearchForm(PortalForm):
    class Meta:
        csrf = False  # a search changes nothing; GET keeps the filters in the address

    case_reference = StringField(_l("Case reference"), validators=[Optional(), Length(max=32)],
                                 render_kw={"spellcheck": "false"})
    person_id = IntegerField(_l("Person number (internal id)"),
                             validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])
    user_email = StringField(_l("User's e-mail"), validators=[Optional(), Length(max=254)])
    action = SelectField(_l("Action"), choices=[], validators=[Optional()])
    date_from = DateField(_l("From date"), validators=[Optional()])
    date_to = DateField(_l("To date"), validators=[Optional()])


class PersonLookupForm(PortalForm):
    class Meta:
        csrf = False

    case_reference = StringField(_l("Case reference"), validators=[Optional(), Length(max=32)],
                                 render_kw={"spellcheck": "false"})
