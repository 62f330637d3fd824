"""Reference data kept by the agency: routes, rates and exchange rates."""

from flask import Blueprint

bp = Blueprint("reference", __name__, url_prefix="/agency/reference")
