"""The programme factories, so that impact pages can be tested with an open call."""

from tests.programmes.conftest import make_edition, make_programme

__all__ = ["make_edition", "make_programme"]
