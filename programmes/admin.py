"""The programmes' admin, one module per group of models; importing them registers their
pages (Django's autodiscovery imports this module)."""

from . import (  # noqa: F401
    admin_applications,
    admin_decisions,
    admin_editions,
    admin_outbox,
    admin_retention,
    admin_reviews,
    exports,
)
