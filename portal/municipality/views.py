"""Municipal caseworkers: household cases and their requests."""

from __future__ import annotations

from flask import Blueprint, render_template

from portal.auth.access import roles_required
from portal.models import Role

bp = Blueprint("municipality", __name__, url_prefix="/municipality")


@bp.route("/")
@roles_required(Role.CASEWORKER)
def start():
    return render_template("municipality/start.html")
