"""CSV export of applications, as the admin list currently filters them (work in progress)."""


class ApplicationExportMixin:
    """Adds the export view to `ApplicationAdmin`."""
