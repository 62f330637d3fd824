"""Agency staff: the work queue, processing and reference data."""

from flask import Blueprint

bp = Blueprint("agency", __name__, url_prefix="/agency")

# The modules that register routes on `bp`; imported last, as they import `bp`.
from portal.agency import reports, request_actions, views  # noqa: E402, F401
