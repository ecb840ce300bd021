"""Uploaded images, made safe to publish: decoded and encoded again by Pillow.

An editor's photo may carry the camera's EXIF data (the place it was taken, the device, the
time) that says more about a defender than the picture; a file may also be an image with
something else appended (a "polyglot"). Re-encoding keeps the pixels and nothing else: no
metadata, no trailing bytes, and a random name.
"""

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

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
