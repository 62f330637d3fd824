"""DRC advisers: read-only status of cases."""

from __future__ import annotations

from flask import Blueprint, render_template

from portal.auth.access import roles_required
from portal.models import Role

bp = Blueprint("drc", __name__, url_prefix="/drc")


@bp.route("/")
@roles_required(Role.DRC_ADVISER)
def start():
    return render_template("drc/start.html")
