"""Agency staff: the work queue, processing and reference data."""

from __future__ import annotations

from flask import Blueprint, render_template

from portal.auth.access import roles_required
from portal.models import Role

bp = Blueprint("agency", __name__, url_prefix="/agency")


@bp.route("/")
@roles_required(Role.AGENCY)
def start():
    return render_template("agency/start.html")
