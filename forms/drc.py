"""DRC's only form: finding a case (by GET, so it changes nothing)."""

from flask_babel import lazy_gettext as _l
from portal.forms.base import PortalForm
from wtforms import DateField, StringField
from wtforms.validators import Length, Optional


class LookupForm(PortalForm):
    class Meta:
        csrf = False

    reference = StringField(_l("Reference"), validators=[Optional(), Length(max=32)])
    name = StringField(_l("Full name"), validators=[Optional(), Length(max=200)])
    birth_date = DateField(_l("Birth date"), validators=[Optional()],
                           format=["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"])

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not ok:
            return False
        if self.reference.data and self.reference.data.strip():
            return True
        name = (self.name.data or "").strip()
        if not name and self.birth_date.data is None:
            self.form_errors.append(
                _l("Enter a reference, or a full name together with a birth date."))
            return False
        if not name:
            self.name.errors.append(_l("Enter the full name together with the birth date."))
            return False
        if self.birth_date.data is None:
            self.birth_date.errors.append(_l("Enter the birth date together with the name."))
            return False
        return True
