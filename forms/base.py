"""The base class of every form of the portal: text fields refuse control characters."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import ValidationError

#: Characters a multi-line text may hold among the control characters: tab and line breaks.
MULTILINE_ALLOWED = frozenset("\t\r\n")


def control_characters(text: str, *, multiline: bool = False) -> bool:
    """True when `text` holds a control character (C0, DEL, C1, or a Unicode line or
    paragraph separator); tab, CR and LF are allowed only in a multi-line text."""
    for char in text:
        code = ord(char)
        if code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029):
            if multiline and char in MULTILINE_ALLOWED:
                continue
            return True
    return False


class NoControlCharacters:
    """Refuses control characters: a line break in a one-line field (a title, a name, an
    e-mail address) would break the e-mail headers, PDFs and CSV files it is copied into."""

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, form, field):
        if isinstance(field.data, str) and control_characters(field.data,
                                                              multiline=self.multiline):
            if self.multiline:
                raise ValidationError(_l("Remove the control characters from this text."))
            raise ValidationError(_l("Write this on one line, without tabs, line breaks or "
                                     "other control characters."))


class PortalForm(FlaskForm):
    """Every text field gets NoControlCharacters: single-line fields refuse all control
    characters, text areas allow tab and line breaks. Hidden fields are left alone (a
    `next` goes through portal.security.safe_next_url, a version is checked by the service)."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = unbound_field.bind(form=form, **options)
            if isinstance(field, StringField) and not isinstance(field, HiddenField):
                field.validators = [*field.validators, NoControlCharacters(
                    multiline=isinstance(field, TextAreaField))]
            return field
