"""Uploaded images, made safe to publish (decoded and encoded again by Pillow), and their
renditions: the widths and formats the pages offer browsers.

An editor's photo may carry the camera's EXIF data (the place it was taken, the device, the
time) that says more about a defender than the picture; a file may also be an image with
something else appended (a "polyglot"). Re-encoding keeps the pixels and nothing else: no
metadata, no trailing bytes, and a random name.
"""

import hashlib
import io
import logging
import re
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageOps, features

from core.storage import STORAGE_ERRORS

# What editors may upload, by what Pillow finds in the file (not by its name or the browser).
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
JPEG_QUALITY = 85


def reencode(upload, *, max_pixels: int) -> SimpleUploadedFile:
    """The upload's pixels in a fresh JPEG (or PNG when it has transparency), oriented as
    the camera meant, under a random name. Raises ValidationError with a reason for staff."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    _("Upload a JPEG, PNG, WebP or GIF image (this file is %(format)s).")
                    % {"format": image.format or _("not an image")}
                )
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    _(
                        "This image is %(w)d × %(h)d pixels; "
                        "please make it smaller than 6000 × 6000."
                    )
                    % {"w": width, "h": height}
                )
            image.seek(0)  # the first frame of an animation
            upright = ImageOps.exif_transpose(image)
            transparent = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
            output = io.BytesIO()
            if transparent:
                upright.convert("RGBA").save(output, "PNG", optimize=True)
                extension, content_type = "png", "image/png"
            else:
                upright.convert("RGB").save(
                    output, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
                )
                extension, content_type = "jpg", "image/jpeg"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        raise ValidationError(
            _("This image is too large to open safely; please make it smaller.")
        ) from bomb
    except (OSError, SyntaxError, ValueError) as broken:
        raise ValidationError(_("This image could not be read; it may be damaged.")) from broken
    return SimpleUploadedFile(
        f"{secrets.token_hex(8)}.{extension}", output.getvalue(), content_type=content_type
    )


# --- Renditions: the sizes and formats a page offers the browser ----------------------------
#
# Made once, after the transaction that saved an image commits (`services.make_renditions`),
# never on a reader's request; their names are content-addressed, so a name always means the
# same bytes and can be cached for ever by whatever serves MEDIA.

RENDITION_FOLDER = "highlights/renditions"
# Cards are 216 to 636 CSS pixels wide, the highlight page's image up to 856 (see the
# `sizes` in the templates): 400 and 800 cover cards at 1x and 2x, 1200 the highlight page
# and phones at 3x. Never wider than the source: a narrower source gives its own width as
# the largest.
RENDITION_WIDTHS = (400, 800, 1200)
# No rendition is heavier than this: a format steps its quality down until it fits, a width
# that cannot fit at the lowest quality is left out (the browser takes a smaller one), and
# the smallest width shrinks until it fits, so there is always at least one.
RENDITION_MAX_BYTES = 100_000
QUALITY_STEP = 10
SMALLEST_WIDTH = 16
# Transparent sources are flattened on the page's white: every format then looks the same,
# the JPEG fallback needs no PNG (which would rarely fit the byte limit), and cards and the
# highlight page have a white background anyway.
FLATTEN_ON = (255, 255, 255)
RESAMPLING = Image.Resampling.LANCZOS
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}


@dataclass(frozen=True)
class RenditionFormat:
    key: str  # as stored in `image_renditions`, a key of MIME_TYPES
    pillow: str
    extension: str
    quality: int  # tried first; measured on the demo illustrations and noisy photos
    lowest: int  # below this the artefacts cost more than a smaller width would
    options: dict = field(default_factory=dict)


# In the order the page offers them: the browser takes the first type it supports.
# AVIF: speed 6 (libavif's default); 7 and 8 are two and three times as fast but leave faint
# block edges in the flat colours of illustrations. WebP: method 4 (the default) is within
# 5% of 6 at two thirds of the time.
RENDITION_FORMATS = tuple(
    f
    for f in (
        RenditionFormat("avif", "AVIF", "avif", 55, 25, {"speed": 6}),
        RenditionFormat("webp", "WEBP", "webp", 75, 35, {"method": 4}),
        RenditionFormat("jpeg", "JPEG", "jpg", 78, 35, {"optimize": True, "progressive": True}),
    )
    if f.key != "avif" or features.check("avif")  # a Pillow built without libavif
)
FALLBACK_FORMAT = "jpeg"  # what `<img>` itself offers, understood by every browser
SOURCE_FORMATS = ("avif", "webp")  # offered in `<source>`s, in this order


def _recipe() -> bytes:
    """Hashed into every rendition's name: changing a width, a quality or the byte limit
    gives new names, so no cache keeps an old file under a name that now means another."""
    return repr(
        (RENDITION_WIDTHS, RENDITION_MAX_BYTES, QUALITY_STEP, FLATTEN_ON, RENDITION_FORMATS)
    ).encode()


logger = logging.getLogger(__name__)

# Renditions this process encoded, by name (names are content-addressed, so a name always
# means the same bytes). Writing the same renditions again into an empty MEDIA_ROOT, as
# `load_demo` does after a reset and the test suite in every test, then costs no encoding.
# The oldest are forgotten beyond RECENT_MAX_BYTES.
RECENT_MAX_BYTES = 8_000_000
_recent: OrderedDict[str, bytes] = OrderedDict()
_recent_lock = threading.Lock()

# What reading a damaged or missing source may raise.
UNREADABLE = (*STORAGE_ERRORS, SyntaxError, ValueError, Image.DecompressionBombError)


def rendition_widths(source_width: int) -> list[int]:
    """The widths to make of a source this wide: never wider than the source."""
    return sorted({min(width, source_width) for width in RENDITION_WIDTHS})


def make_renditions(field_file) -> list[dict]:
    """Write the renditions of a stored image (`FieldFile`) and describe them, smallest
    first: `{"name", "format", "width", "height", "source"}`.

    A rendition already in storage under its name is kept as it is (the name says what it
    holds), so making the renditions of an unchanged image again writes nothing. Raises
    OSError (or Pillow's errors) when the source cannot be read.
    """
    storage = field_file.storage
    with storage.open(field_file.name, "rb") as stored:
        data = stored.read()
    digest = hashlib.blake2b(data, digest_size=6, person=b"renditions")
    digest.update(_recipe())
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", PurePosixPath(field_file.name).stem)[:40]
    prefix = f"{RENDITION_FOLDER}/{stem}-{digest.hexdigest()}"

    with Image.open(io.BytesIO(data)) as opened:
        width, height = opened.size
        if opened.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8):
            width, height = height, width  # turned upright below
        upright = None  # decoded only when a rendition has to be encoded

        def pixels() -> Image.Image:
            nonlocal upright
            if upright is None:
                upright = _flattened(ImageOps.exif_transpose(opened))
            return upright

        renditions = []
        for fmt in RENDITION_FORMATS:
            renditions += _renditions_in(fmt, pixels, (width, height), prefix, storage)
    for rendition in renditions:
        rendition["source"] = field_file.name
    return sorted(renditions, key=lambda r: (r["width"], r["format"]))


def _renditions_in(fmt, pixels, size, prefix, storage) -> list[dict]:
    """One format's renditions, smallest first, each within RENDITION_MAX_BYTES."""
    source_width, source_height = size
    made: list[dict] = []
    widths = rendition_widths(source_width)
    while widths:
        width = widths.pop(0)
        height = max(1, round(source_height * width / source_width))
        name = f"{prefix}-{width}.{fmt.extension}"
        if not storage.exists(name):
            data = _encoded(name, pixels, (width, height), fmt)
            if len(data) > RENDITION_MAX_BYTES:
                if made:
                    break  # a wider one would be heavier still
                if width > SMALLEST_WIDTH:
                    # Not even the smallest fits (a very tall or grainy image): narrower, by
                    # as much as the bytes say, until one does, so that there is always one.
                    narrower = width * 0.9 * (RENDITION_MAX_BYTES / len(data)) ** 0.5
                    widths = [max(SMALLEST_WIDTH, int(narrower))]
                    continue
                logger.warning("%s is over %d bytes.", name, RENDITION_MAX_BYTES)
            saved = storage.save(name, ContentFile(data))
            if saved != name:  # written meanwhile by another save: keep one copy
                storage.delete(saved)
        made.append({"name": name, "format": fmt.key, "width": width, "height": height})
    return made


def _encoded(name: str, pixels, size: tuple[int, int], fmt: RenditionFormat) -> bytes:
    """`_encode()` the pixels at this size, remembered under the rendition's name."""
    with _recent_lock:
        if name in _recent:
            _recent.move_to_end(name)
            return _recent[name]
    data = _encode(pixels().resize(size, RESAMPLING, reducing_gap=3.0), fmt)
    with _recent_lock:
        _recent[name] = data
        while sum(len(d) for d in _recent.values()) > RECENT_MAX_BYTES:
            _recent.popitem(last=False)
    return data


def _encode(image: Image.Image, fmt: RenditionFormat) -> bytes:
    """The image in this format, without metadata, at the best quality that fits
    RENDITION_MAX_BYTES; if none does, at the lowest quality (and too heavy)."""
    for quality in range(fmt.quality, fmt.lowest - 1, -QUALITY_STEP):
        buffer = io.BytesIO()
        image.save(buffer, fmt.pillow, quality=quality, **fmt.options)
        if buffer.tell() <= RENDITION_MAX_BYTES:
            break
    return buffer.getvalue()


def _flattened(image: Image.Image) -> Image.Image:
    """RGB pixels and nothing else: transparency laid on FLATTEN_ON, no ICC profile, EXIF
    or XMP carried over from the source's `info`."""
    if image.mode in ("RGBA", "LA", "PA", "P") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, FLATTEN_ON)
        flat.paste(rgba, mask=rgba.getchannel("A"))
    else:
        flat = image.convert("RGB")
    flat.info = {}
    return flat


def delete_renditions(names, storage) -> None:
    """Delete rendition files; one that cannot be deleted is logged, not raised (the row
    that named it is already gone or changed)."""
    for name in names:
        try:
            storage.delete(name)
        except STORAGE_ERRORS:
            logger.exception("Could not delete the rendition %s", name)


@dataclass(frozen=True)
class Picture:
    """What `<picture>` needs: a `<source>` per modern type, and the `<img>` fallback."""

    sources: list[dict]  # [{"type": "image/avif", "srcset": "… 400w, … 800w"}]
    srcset: str  # the fallback format's
    src: str  # its middle width: what a browser without srcset gets
    width: int  # the largest rendition's, so the box has the image's proportions
    height: int


def picture(renditions: list[dict], storage) -> Picture | None:
    """The `<picture>` of stored renditions, or None when there are none (the page then
    shows the original). Builds URLs only: no query, no look at the files."""
    by_format: dict[str, list[dict]] = {}
    for rendition in sorted(renditions, key=lambda r: r["width"]):
        by_format.setdefault(rendition["format"], []).append(rendition)
    fallback = by_format.pop(FALLBACK_FORMAT, None)
    if not fallback:
        return None

    def srcset(items):
        return ", ".join(f"{storage.url(r['name'])} {r['width']}w" for r in items)

    largest = max(renditions, key=lambda r: r["width"])
    return Picture(
        sources=[
            {"type": MIME_TYPES[key], "srcset": srcset(by_format[key])}
            for key in SOURCE_FORMATS
            if key in by_format
        ],
        srcset=srcset(fallback),
        src=storage.url(fallback[len(fallback) // 2]["name"]),
        width=largest["width"],
        height=largest["height"],
    )
