"""Draw `static/img/share.png`, the picture link previews show for pages without their own.

Social sites crop link previews to about 1.91:1, so the image is 1200 by 630. It uses only
Pillow's built-in font (Aileron), so that the same Pillow (pinned in the lock files) draws
the same bytes on any machine: run it again after changing the drawing, and commit the PNG.
"""

import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
NAVY = (18, 49, 92)  # #12315c, the house navy
WHITE = (255, 255, 255)
ACCENT = (185, 58, 11)  # #b93a0b, the buttons' accent
# The favicon's letters (static/img/favicon.svg), on its 32-unit grid.
MARK_BARS = [(9, 8, 13, 24)]
MARK_S = [(15, 8), (23, 8), (23, 12), (19, 12), (19, 15), (23, 15), (23, 24), (15, 24),
          (15, 20), (19, 20), (19, 18), (15, 18)]  # fmt: skip
SUPERSAMPLE = 2  # drawn twice as large, then reduced: smooth edges without anti-aliasing
MAX_BYTES = 100_000


def draw_share_image() -> bytes:
    """The share image as PNG bytes, the same every time for the same Pillow.

    Everything is centred: some apps crop the preview to a square around its middle, which
    then still shows the mark and "ISHR".
    """
    scale = SUPERSAMPLE
    width, height = (side * scale for side in SIZE)
    image = Image.new("RGB", (width, height), NAVY)
    draw = ImageDraw.Draw(image)
    acronym = ImageFont.load_default(size=150 * scale)
    name = ImageFont.load_default(size=50 * scale)
    centre = width // 2

    # The favicon, white with navy letters, above the name.
    unit = 4 * scale
    mark = 32 * unit
    top = 122 * scale  # the whole drawing, 386 px tall, in the middle
    left = centre - mark // 2
    draw.rounded_rectangle((left, top, left + mark, top + mark), radius=6 * unit, fill=WHITE)
    for x0, y0, x1, y1 in MARK_BARS:
        draw.rectangle(
            (left + x0 * unit, top + y0 * unit, left + x1 * unit - 1, top + y1 * unit - 1),
            fill=NAVY,
        )
    draw.polygon([(left + x * unit, top + y * unit) for x, y in MARK_S], fill=NAVY)

    # "ISHR", made bolder with an outline of its own colour (the built-in font has one weight).
    acronym_top = top + mark + 36 * scale
    bold: dict[str, Any] = {"font": acronym, "anchor": "mt", "stroke_width": 3 * scale}
    draw.text((centre, acronym_top), "ISHR", fill=WHITE, stroke_fill=WHITE, **bold)
    acronym_bottom = draw.textbbox((centre, acronym_top), "ISHR", **bold)[3]
    rule_top = acronym_bottom + 30 * scale
    rule = 60 * scale
    draw.rectangle((centre - rule, rule_top, centre + rule, rule_top + 8 * scale), fill=ACCENT)
    draw.text(
        (centre, rule_top + 38 * scale),
        "International Service for Human Rights",
        font=name,
        fill=WHITE,
        anchor="mt",
    )

    image = image.resize(SIZE, Image.Resampling.LANCZOS).quantize(
        colors=64, dither=Image.Dither.NONE
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Draw static/img/share.png, the default picture of link previews (1200 × 630)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=settings.BASE_DIR / "static" / "img" / "share.png",
            help="Where to write the PNG (default: static/img/share.png).",
        )

    def handle(self, *args, output: Path, **options):
        data = draw_share_image()
        if len(data) > MAX_BYTES:
            raise ValueError(f"The share image is {len(data)} bytes, over {MAX_BYTES}.")
        output.write_bytes(data)
        self.stdout.write(f"Wrote {output} ({len(data):,} bytes).")
