"""The review's published highlights and their outcomes as open data: CSV and JSON files, one
row per highlight, under CC BY 4.0 (docs/architecture.md, "Open data").

The columns are the same in both files and in the data dictionary of `/impact/data/`, which
reads `COLUMNS`. Texts are in the language of the address (`/fr/…` in French), with the
English where a text has no translation, as on the pages; codes (kind, countries, themes,
who decided, ISHR's role) are the same in every language, so that files line up.
"""

import csv
import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.spreadsheets import BYTE_ORDER_MARK, defuse
from core.text_diff import rich_text_as_text

from .models import Highlight

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "International Service for Human Rights (ISHR)"
# Lists (countries, themes) in one CSV cell: a semicolon, which no code contains.
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    type: "StrOrPromise"
    meaning: "StrOrPromise"


TEXT = _("text")
CODE = _("code")
NUMBER = _("whole number")
COLUMNS = [
    Column("year", NUMBER, _("The year of the review the highlight belongs to.")),
    Column(
        "kind",
        CODE,
        _(
            "What kind of highlight it is: resolution, mandate, campaign, standard-setting, "
            "capacity-building, solidarity or recognition."
        ),
    ),
    Column("title", TEXT, _("The highlight's title.")),
    Column("summary", TEXT, _("One or two sentences that sum it up.")),
    Column(
        "body",
        TEXT,
        _("The highlight's text, without formatting: one line per paragraph or list item."),
    ),
    Column(
        "countries",
        _("list of codes"),
        _("The countries concerned, as ISO 3166-1 alpha-2 codes (AF, SD …)."),
    ),
    Column(
        "themes",
        _("list of codes"),
        _("The themes, by the name the site's addresses use (reprisals, racial-justice …)."),
    ),
    Column(
        "decided_by",
        CODE,
        _(
            "Who made the decision: un-human-rights-council, unga-third-committee, "
            "unga-plenary, european-parliament, local-authority or other."
        ),
    ),
    Column("session", TEXT, _("The session of the decision, such as HRC57.")),
    Column("date", _("date (ISO 8601)"), _("The day of the decision, as YYYY-MM-DD.")),
    Column(
        "document_symbol",
        TEXT,
        _("The UN document symbol of the text adopted, such as A/HRC/RES/57/12."),
    ),
    Column("votes_for", NUMBER, _("Votes in favour, where there was a vote.")),
    Column("votes_against", NUMBER, _("Votes against, where there was a vote.")),
    Column("votes_abstaining", NUMBER, _("Abstentions, where there was a vote.")),
    Column(
        "adopted_without_vote",
        _("true or false"),
        _("Whether the text was adopted without a vote."),
    ),
    Column("ishr_role", CODE, _("ISHR's part in the outcome: led, co-led or supported.")),
    Column(
        "partners",
        TEXT,
        _("The partners ISHR worked with, given only where they agreed to be named."),
    ),
    Column("url", _("address"), _("The highlight's page on this site.")),
]
COLUMN_NAMES = [column.name for column in COLUMNS]


def published_highlights() -> QuerySet[Highlight]:
    """What the files hold: published highlights of published reviews, year by year (newest
    first), in the review's order, with their themes (two queries)."""
    return (
        Highlight.objects.published()
        .select_related("review")
        .prefetch_related("themes")
        .order_by("-review__year", "position", "pk")
    )


def row(highlight: Highlight) -> dict[str, Any]:
    """One highlight as the JSON file writes it: None where a fact is not known."""
    return {
        "year": highlight.review.year,
        "kind": highlight.kind,
        "title": highlight.title,
        "summary": highlight.summary,
        "body": rich_text_as_text(highlight.body),
        "countries": [country.code for country in highlight.countries],
        "themes": [theme.slug for theme in highlight.themes.all()],
        "decided_by": highlight.decided_by or None,
        "session": highlight.session or None,
        "date": highlight.decided_on.isoformat() if highlight.decided_on else None,
        "document_symbol": highlight.document_symbol or None,
        "votes_for": highlight.votes_for,
        "votes_against": highlight.votes_against,
        "votes_abstaining": highlight.votes_abstaining,
        "adopted_without_vote": highlight.adopted_without_vote,
        "ishr_role": highlight.ishr_role or None,
        "partners": highlight.named_partners or None,
        "url": settings.SITE_URL + highlight.get_absolute_url(),
    }


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    # Editors' text may start with a sign ("-", "+"): no spreadsheet runs it as a formula.
    return defuse(str(value))


def as_csv(highlights: list[Highlight]) -> str:
    """The CSV file: a byte order mark for Excel, a header of `COLUMN_NAMES`, a row each."""
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer)
    writer.writerow(COLUMN_NAMES)
    for highlight in highlights:
        values = row(highlight)
        writer.writerow([csv_cell(values[name]) for name in COLUMN_NAMES])
    return buffer.getvalue()


def as_json(highlights: list[Highlight], *, documentation: str) -> str:
    """The JSON file: the licence and where the columns are explained, then the rows."""
    document = {
        "publisher": ATTRIBUTION,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "documentation": settings.SITE_URL + documentation,
        "language": get_language(),
        "highlights": [row(highlight) for highlight in highlights],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def filename(stem: str, extension: str) -> str:
    """`ishr-impact-2024.csv` in English, `ishr-impact-2024-fr.csv` in French: files saved
    from two languages do not overwrite each other."""
    language = get_language()
    suffix = "" if language == settings.LANGUAGE_CODE else f"-{language}"
    return f"{stem}{suffix}.{extension}"
