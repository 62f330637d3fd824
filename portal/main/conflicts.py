"""The answer to a stale save of an edit form (issue 18, finding 2), shared by every area.

The page is shown again with HTTP 409 and everything the user typed; the error summary names
the other person's values, and the form now carries the current version, so saving again
(after checking) keeps the user's values on purpose.
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _

from portal import formatting
from portal.services.versioning import StaleEdit

#: The status code of a refused stale save.
CONFLICT = 409


def shown(field, value) -> str:
    """A stored value as the form would show it: a choice by its label, dates and numbers
    in the reader's locale."""
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None or value == "" or value == []:
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(shown(field, item) for item in value)
    for choice in getattr(field, "choices", None) or ():
        if str(choice[0]) == str(value):
            return str(choice[1])
    if isinstance(value, date):
        return formatting.day(value)
    if isinstance(value, Decimal):
        return formatting.number(value)
    return str(value)


def stale_message(form, exc: StaleEdit) -> str:
    changes = []
    fields = {field.name: field for field in form}
    for name, value in exc.changed.items():
        field = fields.get(name)
        label = field.label.text if field is not None else name
        changes.append(_("%(field)s is now “%(value)s”", field=label, value=shown(field, value)))
    if not changes:
        return _("Another user saved this record while you were editing it. Your changes were "
                 "not saved; the values you typed are kept below. Check them and save again.")
    return _("Another user changed this record while you were editing: %(changes)s. Your "
             "changes were not saved; the values you typed are kept below. Check them and "
             "save again.", changes="; ".join(changes))


def show_version(form, record) -> None:
    """A form shown (not posted) carries the version of the record it shows."""
    if not form.is_submitted():
        form.version.data = str(record.version_id)


def refuse_stale(form, exc: StaleEdit) -> int:
    """Put the conflict in the form's error summary; returns the status code to answer."""
    form.version.data = str(exc.current_version)
    form.form_errors.append(stale_message(form, exc))
    return CONFLICT
