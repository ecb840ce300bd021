"""`manage.py make_renditions`: (re)make every highlight's image renditions.

Saving a highlight with a new image makes its renditions; run this after changing the
widths or qualities in `impact/images.py`, or once for images saved before renditions
existed. Safe to run again: renditions already stored under their (content-addressed) names
are kept, and a highlight whose list is unchanged is not written.
"""

from django.core.management.base import BaseCommand

from impact.models import Highlight
from impact.services import make_renditions


class Command(BaseCommand):
    help = "Make the renditions of every highlight's image. Running it twice is harmless."

    def handle(self, *args, **options):
        changed = unchanged = 0
        for highlight in Highlight.objects.order_by("pk"):
            # One highlight at a time, its row locked while its renditions are made: an
            # editor's save meanwhile is not overwritten, and the files of the renditions it
            # replaces are deleted as soon as its row is written.
            if make_renditions(highlight):
                changed += 1
                self.stdout.write(f"{highlight}: {len(highlight.image_renditions)} renditions")
            else:
                unchanged += 1
        self.stdout.write(
            self.style.SUCCESS(f"Renditions made for {changed} highlights, {unchanged} unchanged.")
        )
