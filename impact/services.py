"""Writes of the impact app that do more than save a row.

Image renditions are made here, after the transaction that saved a highlight's new image
commits, never in `Model.save()`: a save rolled back makes no files, and saving a highlight
in code (the shell, a migration, a test) writes the row and nothing else.
"""

import logging
from functools import partial

from django.db import transaction

from . import images
from .models import Highlight, delete_renditions_on_commit

logger = logging.getLogger(__name__)


def renditions_are_current(highlight: Highlight) -> bool:
    """Whether the highlight's listed renditions were made from its image (none without
    one). Compares names only: no query, no look at the files."""
    made_from = {r.get("source") for r in highlight.image_renditions} or {""}
    return made_from == {highlight.image.name or ""}


def make_renditions(highlight: Highlight) -> bool:
    """Make the renditions of the highlight's stored image and list them in its row; returns
    whether the list changed. The files of the renditions it replaces are deleted once
    this commits (unless another highlight still names them).

    Reads the row again, locked, so that an editor's save meanwhile is neither overwritten
    nor undone. Renditions already stored under their (content-addressed) names are kept as
    they are, so running it again writes nothing. A source that cannot be read is logged and
    leaves no renditions: the pages then show the original. Not an editorial change: no
    history entry, `updated_at` left alone; the save still tells the page cache.
    """
    with transaction.atomic():
        stored = Highlight.objects.select_for_update().filter(pk=highlight.pk).first()
        if stored is None:  # deleted meanwhile: its renditions went with it
            return False
        before = stored.image_renditions
        try:
            renditions = images.make_renditions(stored.image) if stored.image else []
        except images.UNREADABLE:
            logger.exception("Could not make the renditions of %s", stored.image.name)
            renditions = []
        delete_renditions_on_commit(before, keep=renditions)
        changed = renditions != before
        if changed:
            stored.image_renditions = renditions
            # Added to the model by simple-history's HistoricalRecords, which has no types.
            stored.save_without_historical_record(  # type: ignore[attr-defined]
                update_fields=["image_renditions"]
            )
    highlight.image_renditions = renditions
    return changed


def make_renditions_on_commit(highlight: Highlight) -> None:
    """Call after saving a highlight: when its image is new, changed or removed, its
    renditions are made once the transaction commits (at once outside one)."""
    if not renditions_are_current(highlight):
        transaction.on_commit(partial(make_renditions, highlight), robust=True)
