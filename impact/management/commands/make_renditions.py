"""`manage.py make_renditions`: (re)make every highlight's image renditions.

Saving a highlight with a new image makes its renditions; run this after changing the
widths or qualities in `impact/images.py`, or once for images saved before renditions
existed. Safe to run again: renditions already stored under their (content-addressed) names
are kept, and a highlight whose list is unchanged is not written.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from impact.models import Highlight


class Command(BaseCommand):
    help = "Make the renditions of every highlight's image. Running it twice is harmless."

    def handle(self, *args, **options):
        changed = unchanged = 0
        for pk in Highlight.objects.order_by("pk").values_list("pk", flat=True):
            # One highlight at a time: an editor's save meanwhile is not overwritten, and the
            # files of the renditions it replaces are deleted as soon as its row is written.
            with transaction.atomic():
                highlight = Highlight.objects.select_for_update().filter(pk=pk).first()
                if highlight is None:
                    continue
                before = highlight.image_renditions
                highlight.make_renditions()
                if highlight.image_renditions == before:
                    unchanged += 1
                    continue
                # Not an editorial change: no history entry, `updated_at` (the feed's and
                # the sitemap's date) left alone; the save still tells the page cache.
                # A method django-simple-history (untyped) adds to the model.
                highlight.save_without_historical_record(  # type: ignore[attr-defined]
                    update_fields=["image_renditions"]
                )
                changed += 1
                self.stdout.write(f"{highlight}: {len(highlight.image_renditions)} renditions")
        self.stdout.write(
            self.style.SUCCESS(f"Renditions made for {changed} highlights, {unchanged} unchanged.")
        )
