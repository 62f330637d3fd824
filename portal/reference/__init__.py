"""Reference data kept by the agency: routes, rates and exchange rates."""

from flask import Blueprint

bp = Blueprint("reference", __name__, url_prefix="/agency/reference")

# The modules that register routes on `bp`; imported last, as they import `bp`.
from portal.reference import views  # noqa: E402, F401
