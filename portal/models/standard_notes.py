"""Texts the portal itself writes into a request's history, translated when shown.

What a person types is stored and shown as typed. A text the portal writes is stored by its
key beside its Danish wording: the Danish wording serves search, exports and the official
(Danish) letters, the key lets each reader see it in their own language (issue 17, point 2).
"""

from __future__ import annotations

import enum

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

#: The language of the stored wording, like the official forms.
STORED_LOCALE = "da"


class StandardNote(enum.StrEnum):
    BACK_TO_APPROVED = "back_to_approved"
    # The demo's notes, written as staff would write them.
    DEMO_UPLOAD_WAIVER = "demo_upload_waiver"
    DEMO_WAIVER_UPLOADED = "demo_waiver_uploaded"
    DEMO_NO_FLEXIBLE_PAYMENT = "demo_no_flexible_payment"
    DEMO_AIRSPACE_CLOSED = "demo_airspace_closed"
    DEMO_STAYING_IN_DENMARK = "demo_staying_in_denmark"
    DEMO_CHECK_PASSPORT = "demo_check_passport"
    DEMO_NOTE = "demo_note"

    @property
    def label(self):
        return _STANDARD_NOTE_LABELS[self]

    @property
    def stored(self) -> str:
        """The wording kept in StatusEvent.note, whatever the writer's language."""
        with force_locale(STORED_LOCALE):
            return str(self.label)


_STANDARD_NOTE_LABELS = {
    StandardNote.BACK_TO_APPROVED: _l("Back to approved for rebooking."),
    StandardNote.DEMO_UPLOAD_WAIVER: _l("Please upload the signed waiver declaration for "
                                        "both adults."),
    StandardNote.DEMO_WAIVER_UPLOADED: _l("The waiver declaration has been uploaded."),
    StandardNote.DEMO_NO_FLEXIBLE_PAYMENT: _l("The destination does not allow flexible "
                                              "payment."),
    StandardNote.DEMO_AIRSPACE_CLOSED: _l("The airspace is closed; the flight is cancelled."),
    StandardNote.DEMO_STAYING_IN_DENMARK: _l("The family has decided to stay in Denmark."),
    StandardNote.DEMO_CHECK_PASSPORT: _l("Internal: check the passport with NIDC first."),
    StandardNote.DEMO_NOTE: _l("Note"),
}
