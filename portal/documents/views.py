"""PDF and attachment downloads, each after the object-level access check."""

from __future__ import annotations

import re

from flask import Response, abort, render_template, url_for
from flask_login import current_user

from portal.auth.access import roles_required
from portal.documents import bp
from portal.models import Role
from portal.services.accounts import audit
from portal.services.filing import documents, submission

_KEY = re.compile(r"[a-z-]+(-[0-9]{1,3})?")


def _download(data: bytes, filename: str, content_type: str) -> Response:
    response = Response(data, mimetype=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/requests/<int:request_id>/")
@roles_required(Role.CASEWORKER, Role.AGENCY, Role.DRC_ADVISER, Role.ADMIN)
def request_documents(request_id: int):
    req = documents.request_for_pdf(current_user, request_id, action="view_documents")
    back_url = None
    if current_user.role is Role.CASEWORKER:
        back_url = url_for("municipality.case_detail", case_id=req.case_id)
    audit.record("view_documents", request_obj=req)
    return render_template("documents/request_documents.html", req=req, case=req.case,
                           docs=documents.documents(req),
                           attachments=submission.attachments_for(req), back_url=back_url)


@bp.route("/requests/<int:request_id>/<key>.pdf")
@roles_required(Role.CASEWORKER, Role.AGENCY, Role.DRC_ADVISER, Role.ADMIN)
def download(request_id: int, key: str):
    if not _KEY.fullmatch(key):
        abort(404)
    req = documents.request_for_pdf(current_user, request_id)
    data, filename = documents.download(current_user, req, key)
    return _download(data, filename, "application/pdf")


@bp.route("/attachments/<int:attachment_id>")
@roles_required(Role.CASEWORKER, Role.AGENCY, Role.DRC_ADVISER, Role.ADMIN)
def attachment(attachment_id: int):
    item, data = documents.attachment_download(current_user, attachment_id)
    return _download(data, item.filename, item.content_type)
