"""PDF and attachment downloads, each after the object-level access check."""

from flask import Blueprint

bp = Blueprint("documents", __name__, url_prefix="/documents")
