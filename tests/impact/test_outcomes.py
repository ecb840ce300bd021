"""A highlight's outcome as facts: who decided, when, the document, the vote, ISHR's role and
the partners who agreed to be named; stored, validated, kept in the history, and shown."""

import re
from datetime import date
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from impact.models import DecidingBody, IshrRole

FULL_OUTCOME = {
    "decided_by": DecidingBody.HUMAN_RIGHTS_COUNCIL,
    "session": "HRC57",
    "decided_on": date(2024, 10, 9),
    "document_symbol": "A/HRC/RES/57/12",
    "votes_for": 30,
    "votes_against": 5,
    "votes_abstaining": 12,
    "ishr_role": IshrRole.CO_LED,
    "partners": "Coalition of Afghan defenders",
    "partners_may_be_named": True,
}


def outcome_facts(html: str) -> list[tuple[str, str]]:
    """The (term, description) pairs of the page's "Outcome" list, as a reader reads them."""
    match = re.search(
        r"<h2[^>]*>(?:Outcome|Résultat|Resultado)</h2>\s*<dl[^>]*>(.*?)</dl>", html, re.S
    )
    if match is None:
        return []

    def text(fragment: str) -> str:
        return unescape(" ".join(re.sub(r"<[^>]+>", " ", fragment).split()))

    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", match[1], re.S)
    return [(text(term), text(description)) for term, description in pairs]


@pytest.fixture
def review(make_review):
    return make_review(2024)


def test_the_highlight_page_shows_every_filled_fact_in_order(client, review, make_highlight):
    highlight = make_highlight(review, **FULL_OUTCOME)

    html = client.get(highlight.get_absolute_url()).content.decode()

    assert outcome_facts(html) == [
        ("Decided by", "UN Human Rights Council"),
        ("Session", "HRC57"),
        ("Date", "9 October 2024"),
        ("Document", "A/HRC/RES/57/12"),
        ("Vote", "30 for, 5 against, 12 abstaining"),
        ("ISHR's role", "Co-led"),
        ("Partners", "Coalition of Afghan defenders"),
    ]
    assert '<a href="https://undocs.org/en/A/HRC/RES/57/12" hreflang="en">' in html
    assert '<time datetime="2024-10-09">' in html


def test_only_the_facts_that_are_filled_are_shown(client, review, make_highlight):
    highlight = make_highlight(
        review, decided_by=DecidingBody.LOCAL_AUTHORITY, adopted_without_vote=True
    )

    html = client.get(highlight.get_absolute_url()).content.decode()

    assert outcome_facts(html) == [
        ("Decided by", "A city or local authority"),
        ("Vote", "Adopted without a vote"),
    ]


def test_a_highlight_without_an_outcome_has_no_outcome_list(client, review, make_highlight):
    highlight = make_highlight(review)

    html = client.get(highlight.get_absolute_url()).content.decode()

    assert "Outcome" not in html
    assert "Decided by" not in html


def test_partners_who_did_not_agree_to_be_named_appear_nowhere(client, review, make_highlight):
    outcome = FULL_OUTCOME | {"partners_may_be_named": False}
    highlight = make_highlight(review, **outcome)

    html = client.get(highlight.get_absolute_url()).content.decode()

    assert "Coalition of Afghan defenders" not in html
    assert "Partners" not in [term for term, _ in outcome_facts(html)]


def test_partners_alone_without_consent_show_no_outcome_at_all(client, review, make_highlight):
    highlight = make_highlight(review, partners="Coalition of Afghan defenders")

    html = client.get(highlight.get_absolute_url()).content.decode()

    assert outcome_facts(html) == []
    assert "Coalition of Afghan defenders" not in html


def test_the_outcome_speaks_french_and_marks_untranslated_partners_as_english(
    client, review, make_highlight
):
    highlight = make_highlight(review, **FULL_OUTCOME)

    html = client.get(f"/fr{highlight.get_absolute_url()}").content.decode()

    assert outcome_facts(html) == [
        ("Décidé par", "Conseil des droits de l'homme de l'ONU"),
        ("Session", "HRC57"),
        ("Date", "9 octobre 2024"),
        ("Document", "A/HRC/RES/57/12"),
        ("Vote", "30 pour, 5 contre, 12 abstentions"),
        ("Rôle de l'ISHR", "Co-chef de file"),
        ("Partenaires", "Coalition of Afghan defenders"),
    ]
    assert '<dd lang="en">Coalition of Afghan defenders</dd>' in html
    assert 'href="https://undocs.org/fr/A/HRC/RES/57/12"' in html


def test_the_outcome_speaks_spanish_with_translated_partners(client, review, make_highlight):
    highlight = make_highlight(review, **FULL_OUTCOME, partners_es="Coalición de defensoras")

    html = client.get(f"/es{highlight.get_absolute_url()}").content.decode()

    facts = dict(outcome_facts(html))
    assert facts["Decidido por"] == "Consejo de Derechos Humanos de la ONU"
    assert facts["Votación"] == "30 a favor, 5 en contra, 12 abstenciones"
    assert facts["Socios"] == "Coalición de defensoras"


# --- What is stored -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given",
    [{"votes_for": 30}, {"votes_for": 30, "votes_against": 5}, {"votes_abstaining": 0}],
)
def test_a_vote_needs_all_three_numbers(review, make_highlight, given):
    highlight = make_highlight(review)
    for name, value in given.items():
        setattr(highlight, name, value)

    with pytest.raises(ValidationError) as raised:
        highlight.full_clean()

    missing = {"votes_for", "votes_against", "votes_abstaining"} - set(given)
    assert set(raised.value.message_dict) == missing
    for name in missing:
        assert raised.value.message_dict[name] == ["Give all three numbers of the vote, or none."]


def test_a_text_adopted_without_a_vote_has_no_tally(review, make_highlight):
    highlight = make_highlight(review, votes_for=30, votes_against=5, votes_abstaining=12)
    highlight.adopted_without_vote = True

    with pytest.raises(ValidationError) as raised:
        highlight.full_clean()

    assert raised.value.message_dict["votes_for"] == [
        "Leave the votes empty: the text was adopted without a vote."
    ]


@pytest.mark.parametrize(
    "values",
    [
        {"votes_for": 30, "votes_against": 5},
        {"votes_for": 30, "votes_against": 5, "votes_abstaining": 1, "adopted_without_vote": True},
    ],
)
def test_the_database_refuses_half_a_vote(review, make_highlight, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_highlight(review, **values)


def test_a_unanimous_vote_of_zeros_against_and_abstaining_is_kept(review, make_highlight):
    highlight = make_highlight(review, votes_for=47, votes_against=0, votes_abstaining=0)
    highlight.full_clean()

    highlight.refresh_from_db()
    assert (highlight.votes_for, highlight.votes_against, highlight.votes_abstaining) == (47, 0, 0)


@pytest.mark.parametrize(
    "symbol",
    [
        "A/HRC/RES/57/12",
        "A/C.3/79/L.40/Rev.1",
        "A/RES/79/172",
        "S/RES/2712 (2023)",
        "E/CN.6/2024/L.3",
    ],
)
def test_un_document_symbols_are_accepted(review, make_highlight, symbol):
    highlight = make_highlight(review, document_symbol=symbol)

    highlight.full_clean()


@pytest.mark.parametrize(
    "typed",
    [
        "Resolution on Afghanistan",
        "https://undocs.org/A/HRC/RES/57/12",
        "A/HRC/RES/57/",
        "HRC57",
        "a/hrc/res/57/12",
    ],
)
def test_anything_but_a_document_symbol_is_refused(review, make_highlight, typed):
    highlight = make_highlight(review, document_symbol=typed)

    with pytest.raises(ValidationError) as raised:
        highlight.full_clean()

    assert raised.value.message_dict["document_symbol"] == [
        "Enter the UN document symbol as the UN writes it, like A/HRC/RES/57/12, or leave it "
        "empty."
    ]


def test_the_outcome_is_part_of_the_highlights_history(review, make_highlight):
    highlight = make_highlight(review)
    highlight.decided_by = DecidingBody.GENERAL_ASSEMBLY_THIRD_COMMITTEE
    highlight.votes_for, highlight.votes_against, highlight.votes_abstaining = 130, 2, 40
    highlight.partners_fr = "Coalition d'ONG LGBTQ"
    highlight.partners_may_be_named = True
    highlight.save()

    newest, previous = highlight.history.all()[:2]
    changed = {change.field for change in newest.diff_against(previous).changes}
    assert changed == {
        "decided_by",
        "votes_for",
        "votes_against",
        "votes_abstaining",
        "partners_fr",
        "partners_may_be_named",
    }
    assert newest.instance.partners_fr == "Coalition d'ONG LGBTQ"


def test_the_outcome_needs_no_query_on_the_highlight_page(
    client, review, make_highlight, django_assert_num_queries
):
    """The outcome's facts are the highlight's own columns: the page costs what it did."""
    highlight = make_highlight(review, **FULL_OUTCOME)

    with django_assert_num_queries(4):
        response = client.get(highlight.get_absolute_url())

    assert ("Session", "HRC57") in outcome_facts(response.content.decode())
