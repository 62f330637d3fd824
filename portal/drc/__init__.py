"""DRC advisers: read-only status of cases."""

from flask import Blueprint

bp = Blueprint("drc", __name__, url_prefix="/drc")

# The modules that register routes on `bp`; imported last, as they import `bp`.
from portal.drc import views  # noqa: E402, F401
