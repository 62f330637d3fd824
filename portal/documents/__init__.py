"""Documents of a case: the official forms as PDF and the uploaded attachments."""

from flask import Blueprint

bp = Blueprint("documents", __name__, url_prefix="/documents")

# The modules that register routes on `bp`; imported last, as they import `bp`.
from portal.documents import views  # noqa: E402, F401
