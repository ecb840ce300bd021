"""The chart of key figures over the years on /impact/, laid out here and drawn as inline SVG
by templates/impact/includes/figures_chart.html: no script, nothing from another host.

Small multiples: each series (impact.selectors.FigureSeries) is a small SVG of its own under
its label (HTML text, which wraps on a phone), one horizontal bar per year, scaled to the
series' own largest number, so that applicants in hundreds and a percentage sit side by side
without one flattening the other. Each SVG has a title and a description giving its numbers,
and a table repeats them all.
"""

from dataclasses import dataclass

from .selectors import FigureSeries

WIDTH = 400  # each SVG's viewBox width; it scales to its container
YEAR_WIDTH = 44  # room for "2024" before the bars
VALUE_ROOM = 76  # room after the longest bar for its number
BAR_HEIGHT = 20
ROW_HEIGHT = 28
BAR_ROOM = WIDTH - YEAR_WIDTH - VALUE_ROOM


@dataclass(frozen=True)
class Bar:
    year: int
    shown: str
    y: int  # top of the bar
    width: int

    @property
    def x(self) -> int:
        return YEAR_WIDTH

    @property
    def text_y(self) -> int:
        """Baseline of the year and of the number beside the bar."""
        return self.y + BAR_HEIGHT - 5

    @property
    def value_x(self) -> int:
        return YEAR_WIDTH + self.width + 6


@dataclass(frozen=True)
class SeriesChart:
    label: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT - (ROW_HEIGHT - BAR_HEIGHT)

    @property
    def described(self) -> str:
        """The numbers in words for the SVG's description: "2023: 850+; 2024: 1,000+"."""
        return "; ".join(f"{bar.year}: {bar.shown}" for bar in self.bars)


@dataclass(frozen=True)
class Chart:
    width: int
    series: list[SeriesChart]
    years: list[int]  # every year of any series, for the table's columns

    @property
    def table(self) -> list[tuple[str, list[str]]]:
        """Each series' label and its numbers under the years' columns ("" for none)."""
        return [
            (series.label, [{b.year: b.shown for b in series.bars}.get(y, "") for y in self.years])
            for series in self.series
        ]


def lay_out(all_series: list[FigureSeries]) -> Chart:
    charts = []
    for series in all_series:
        bars = [
            # Every bar at least 2 units wide, so that a small number still shows one.
            Bar(
                point.year,
                point.shown,
                y=row * ROW_HEIGHT,
                width=max(2, round(BAR_ROOM * point.number / series.largest))
                if series.largest
                else 2,
            )
            for row, point in enumerate(series.points)
        ]
        charts.append(SeriesChart(series.label, bars))
    years = sorted({point.year for series in all_series for point in series.points})
    return Chart(width=WIDTH, series=charts, years=years)
