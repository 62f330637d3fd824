"""Attachments: type from the content's magic bytes, then the whole file parsed
(file_checks), size limit, sanitised names, sha256; only a file that passes is stored."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid

from flask import current_app
from flask_babel import gettext as _

from portal.extensions import db
from portal.models import Attachment, AttachmentBlob, AttachmentKind
from portal.services.accounts import audit
from portal.services.filing import file_checks
from portal.workflow import Status

SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


class UploadError(Exception):
    """An upload the portal refuses; the message is shown next to the file field."""


def sniff_type(data: bytes) -> str | None:
    """The content type from the first bytes; the file name is never trusted."""
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    return None


def sanitise_name(name: str | None) -> str:
    """A display name without paths, control characters or odd punctuation (max 200)."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"[^\w .()-]+", "_", name).strip(" .")
    return name[:200] or "document"


def max_bytes() -> int:
    return int(current_app.config.get("MAX_CONTENT_LENGTH") or 10 * 1024 * 1024)


def store(*, case, request_obj, kind: AttachmentKind, filename: str | None, data: bytes,
          user) -> Attachment:
    """Check and store one file; raises UploadError with a message a person understands.

    The municipality adds files while it may change the request; the agency's own documents
    (AttachmentKind.from_agency) may come at any status.
    """
    if not kind.from_agency and request_obj is not None and request_obj.status not in (
        Status.DRAFT, Status.AWAITING_MUNICIPALITY
    ):
        raise UploadError(_("Documents can only be added while the request is a draft or "
                            "the agency has asked for more information."))
    if not data:
        raise UploadError(_("The file is empty. Choose the file again."))
    limit = max_bytes()
    if len(data) > limit:
        raise UploadError(_("The file is larger than %(size)s MB. Make it smaller, for "
                            "example by scanning in lower resolution.",
                            size=limit // (1024 * 1024) or 1))
    content_type = sniff_type(data)
    if content_type is None:
        raise UploadError(_("Only PDF, JPEG and PNG files can be uploaded. This file is "
                            "none of those, whatever its name says."))
    try:
        file_checks.check(data, content_type)
    except file_checks.FileRefused as exc:
        raise UploadError(str(exc)) from None
    return save(case=case, request_obj=request_obj, kind=kind, filename=filename, data=data,
                content_type=content_type, user=user)


def save(*, case, request_obj, kind: AttachmentKind, filename: str | None, data: bytes,
         content_type: str, user) -> Attachment:
    """Store a checked file (or one the portal made itself) and audit it."""
    attachment = Attachment(
        case_id=case.id,
        request_id=request_obj.id if request_obj is not None else None,
        kind=kind,
        original_name=sanitise_name(filename),
        stored_name=uuid.uuid4().hex,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=getattr(user, "id", None),
    )
    attachment.blob = AttachmentBlob(data=data)
    db.session.add(attachment)
    db.session.flush()
    audit.record("upload_attachment", case=case, request_obj=request_obj,
                 detail=f"attachment={attachment.id} kind={kind.value}", user=user)
    return attachment


def delete(attachment: Attachment, *, request_obj, user) -> None:
    """Only while the request is a draft: afterwards the agency relies on what it received."""
    if request_obj is None or request_obj.status is not Status.DRAFT:
        raise UploadError(_("A document can only be removed while the request is a draft."))
    audit.record("delete_attachment", case=request_obj.case, request_obj=request_obj,
                 detail=f"attachment={attachment.id}", user=user)
    db.session.delete(attachment)
    db.session.flush()


def kinds_present(attachments) -> set[AttachmentKind]:
    return {a.kind for a in attachments}
