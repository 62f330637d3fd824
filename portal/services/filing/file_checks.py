"""What an uploaded file must be, read by its content: a PDF that pypdf can parse, without
encryption, JavaScript or launch actions, with at most MAX_PDF_PAGES pages and streams that
inflate to at most MAX_PDF_INFLATED_BYTES; or a JPEG or PNG that Pillow decodes whole,
with at most MAX_IMAGE_PIXELS pixels. The first bytes alone prove nothing: `%PDF-` or a PNG
signature followed by HTML is not a document.
"""

from __future__ import annotations

import io
import logging
import warnings

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

log = logging.getLogger(__name__)

#: A case document runs to a few pages; a scanned file of several people to a few dozen.
MAX_PDF_PAGES = 200
#: All streams of a PDF together, decoded: a scanned page inflates to a few MB, a
#: compression bomb to hundreds (a 204 KB file that inflated to 200 MB was the probe's).
MAX_PDF_INFLATED_BYTES = 100 * 1024 * 1024
#: Objects read while looking for actions: far more than any real document has.
MAX_PDF_OBJECTS = 200_000
#: 50 megapixels: an A4 page scanned at 600 dpi in colour is about 35.
MAX_IMAGE_PIXELS = 50_000_000

#: pypdf's limits on decoded output (pypdf.Configuration), each set to what is left.
DECODING_LIMITS = ("zlib_maximum_output_length", "lzw_maximum_output_length",
                   "run_length_maximum_output_length",
                   "array_based_stream_maximum_output_length", "brotli_maximum_output_length",
                   "jbig2_maximum_output_length", "image_maximum_buffer_size")
#: Action types that run something: JavaScript and launching a program or file.
FORBIDDEN_ACTIONS = {"/JavaScript", "/Launch"}
#: Keys that carry JavaScript: an action's script, or the document's names tree of scripts.
SCRIPT_KEYS = {"/JS", "/JavaScript"}

UNREADABLE_PDF = _l("This PDF cannot be read. Save or scan it again as a PDF and upload it "
                    "again.")
UNREADABLE_IMAGE = _l("This image cannot be read. Save or scan it again as a JPEG or PNG "
                      "and upload it again.")


class FileRefused(Exception):
    """The file is not accepted; str(exc) says why, for the person who uploaded it."""


def check(data: bytes, content_type: str) -> None:
    """Raise FileRefused unless the file is what its first bytes say and within the limits."""
    if content_type == "application/pdf":
        check_pdf(data)
    else:
        check_image(data, content_type)


# --- PDF -------------------------------------------------------------------------------------

def check_pdf(data: bytes) -> None:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise FileRefused(_l("This PDF is protected with a password or encryption. Save "
                                 "it without protection and upload it again."))
        pages = len(reader.pages)
        if pages == 0:
            raise FileRefused(UNREADABLE_PDF)
        if pages > MAX_PDF_PAGES:
            raise FileRefused(_l("This PDF has %(pages)s pages; at most %(max)s can be "
                                 "uploaded. Split it into several files.",
                                 pages=pages, max=MAX_PDF_PAGES))
        _walk(reader)
    except FileRefused:
        raise
    except LimitReachedError as exc:
        log.info("PDF refused: a pypdf limit was reached (%s)", type(exc).__name__)
        raise FileRefused(_too_large_inside()) from None
    except Exception as exc:  # any parse failure of an untrusted file is a refusal
        log.info("PDF refused: pypdf could not read it (%s)", type(exc).__name__)
        raise FileRefused(UNREADABLE_PDF) from None


def _too_large_inside():
    return _l("This PDF holds far more data than it shows (it unpacks to more than "
              "%(mb)s MB). Save or scan it again as an ordinary PDF.",
              mb=MAX_PDF_INFLATED_BYTES // (1024 * 1024))


def _walk(reader: PdfReader) -> None:
    """Every object reachable from the trailer, each once: refuse scripts and launch
    actions wherever they hang (open action, names tree, pages, annotations, form fields),
    and decode every stream, the decoded bytes counted against MAX_PDF_INFLATED_BYTES."""
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    inflated = 0
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise FileRefused(_too_large_inside())
        if isinstance(obj, DictionaryObject):
            if SCRIPT_KEYS & set(obj.keys()) or obj.get("/S") in FORBIDDEN_ACTIONS:
                raise FileRefused(_l("This PDF contains a script or an action that starts a "
                                     "program. Save it again as an ordinary PDF, for example "
                                     "by printing it to PDF, and upload it again."))
            if isinstance(obj, StreamObject):
                inflated += _decoded_length(obj, MAX_PDF_INFLATED_BYTES - inflated)
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)


def _decoded_length(stream: StreamObject, budget: int) -> int:
    """The stream's decoded length; pypdf stops decoding at what is left of the budget."""
    if budget <= 0:
        raise FileRefused(_too_large_inside())
    with apply_configuration(**dict.fromkeys(DECODING_LIMITS, budget)):
        length = len(stream.get_data())
    if length > budget:
        raise FileRefused(_too_large_inside())
    return length


# --- Images ----------------------------------------------------------------------------------

PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


def check_image(data: bytes, content_type: str) -> None:
    """Decode the whole image with Pillow, after checking its size in pixels."""
    expected = PIL_FORMATS.get(content_type)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[expected] if expected else None) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise FileRefused(_too_many_pixels())
                image.verify()
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                image.load()
    except FileRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise FileRefused(_too_many_pixels()) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        log.info("Image refused: Pillow could not decode it (%s)", type(exc).__name__)
        raise FileRefused(UNREADABLE_IMAGE) from None


def _too_many_pixels():
    return _l("This image is too large (more than %(megapixels)s megapixels). Scan it at a "
              "lower resolution and upload it again.",
              megapixels=MAX_IMAGE_PIXELS // 1_000_000)
