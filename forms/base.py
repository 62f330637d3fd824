"""The base class of every form of the portal: text fields refuse control characters."""

import hashlib
import hmac

from flask import current_app, session
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import ValidationError

from portal.rules import mentions_cpr

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


class CprConfirmation:
    """A CPR-shaped number in a free text (a note, a message) is refused once with a warning,
    and saved when the same text is sent again. A note cannot be taken back once it is in a
    request's history, so the caseworker is asked before saving, not told afterwards.

    The texts awaiting confirmation are kept in the session as keyed hashes (HMAC with the
    app's secret), never as text, and only the last few.
    """

    KEY = "cpr_confirm"
    KEEP = 5

    def __call__(self, form, field):
        text = field.data
        if not isinstance(text, str) or not mentions_cpr(text):
            return
        secret = str(current_app.secret_key or "").encode()
        key = hmac.new(secret, f"{field.name}\0{text}".encode(), hashlib.sha256).hexdigest()
        waiting = list(session.get(self.KEY, []))
        if key in waiting:
            session[self.KEY] = [k for k in waiting if k != key]
            return
        session[self.KEY] = [*waiting[-(self.KEEP - 1):], key]
        raise ValidationError(_l("This text contains what looks like a CPR number. Others read "
                                 "notes and messages: remove it unless it is needed. To save "
                                 "the text as it is, send it again."))


class PortalForm(FlaskForm):
    """Every text field gets NoControlCharacters: single-line fields refuse all control
    characters, text areas allow tab and line breaks; text areas (notes, messages) also get
    CprConfirmation. Hidden fields are left alone (a
    `next` goes through portal.security.safe_next_url, a version is checked by the service)."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = unbound_field.bind(form=form, **options)
            if isinstance(field, StringField) and not isinstance(field, HiddenField):
                multiline = isinstance(field, TextAreaField)
                field.validators = [*field.validators, NoControlCharacters(multiline=multiline)]
                if multiline:
                    field.validators.append(CprConfirmation())
            return field


class VersionedEditForm(PortalForm):
    """An edit form that carries the version of the record it was built from; the service
    refuses a save from an older version (optimistic locking, issue 18 finding 2)."""

    version = HiddenField()
