"""Helpers for the municipality and filing tests: small files, and walking the wizard."""

from __future__ import annotations

import io
import re

from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas


def _png() -> bytes:
    """A real 1x1 PNG (uploads are decoded whole, so a hand-written one must be valid)."""
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(buffer, "PNG")
    return buffer.getvalue()


PNG_BYTES = _png()


def small_pdf(text: str = "Signed") -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def location_id(response, pattern: str) -> int:
    match = re.search(pattern, response.headers["Location"])
    assert match, response.headers.get("Location")
    return int(match.group(1))


def start_request(client, case_id: int, kind: str):
    return client.form_post(f"/municipality/cases/{case_id}/requests", {"kind": kind},
                            page=f"/municipality/cases/{case_id}")


def step_url(request_id: int, step: str) -> str:
    return f"/municipality/requests/{request_id}/steps/{step}"


def post_step(client, request_id: int, step: str, data: dict, **kwargs):
    return client.form_post(step_url(request_id, step), data, **kwargs)


def upload(client, request_id: int, kind: str, filename: str, data: bytes, **kwargs):
    url = step_url(request_id, "attachments")
    return client.form_post(url, {"kind": kind, "file": (io.BytesIO(data), filename)},
                            content_type="multipart/form-data", **kwargs)


def submit(client, request_id: int, **kwargs):
    check = client.get(f"/municipality/requests/{request_id}/check")
    html = check.get_data(as_text=True)
    token = re.search(r'name="token"[^>]*value="([^"]+)"', html)
    assert token, html[-3000:]
    return client.form_post(f"/municipality/requests/{request_id}/submit",
                            {"token": token.group(1)},
                            page=f"/municipality/requests/{request_id}/check", **kwargs), \
        token.group(1)


def departure_answers(person_id: int) -> dict:
    """The departure step's addresses and contact for one traveller (the first one's answers
    serve the household's blank fields)."""
    return {f"p{person_id}_address_dk": "Åbyvej 2, 8230 Åbyhøj",
            f"p{person_id}_address": "Damaskus, Mezzeh 4",
            f"p{person_id}_contact": "Fætter, +963 11 000 0000"}
