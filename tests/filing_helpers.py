"""Helpers for the municipality and filing tests: small files, and walking the wizard."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
             b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02"
             b"\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


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
