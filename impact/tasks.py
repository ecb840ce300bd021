"""The impact app's background work, run by the task worker (docs/architecture.md,
"Background work")."""

from django_tasks import task

from . import pdf


# Before mail and the periodic jobs: a reader is waiting for it.
@task(priority=50)
def draw_review_pdf(*, key: str, html: str, base_url: str, year: int) -> int:
    """Draw a review's PDF from the HTML its reader's request rendered, and keep it in the
    shared cache under `key`, where that reader (and every later one) finds it
    (`pdf.drawn_once`). Returns its size in bytes."""
    return pdf.draw_and_keep(key, html, base_url=base_url, year=year)
