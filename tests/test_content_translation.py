"""Content in French and Spanish (django-modeltranslation): what readers get in each language,
the English where nothing was translated (marked as English), and how editors translate in
the admin, English beside French and Spanish."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.models import Theme
from impact.models import AnnualReview, FigureSource, Highlight, KeyFigure
from programmes.models import Programme
from tests.impact.test_admin import errors, form_data, page

ENGLISH_OUTLOOK = "<p>Next year we keep going.</p>"


@pytest.fixture
def review(make_review):
    return make_review(
        2024,
        title="Looking back at 2024",
        title_fr="Retour sur 2024",
        title_es="Mirando atrás: 2024",
        intro="<p>Defenders changed things at the UN.</p>",
        intro_fr="<p>Les défenseurs ont fait bouger l'ONU.</p>",
        outlook=ENGLISH_OUTLOOK,  # not translated
    )


def h1(response) -> str:
    return re.search(r"<h1[^>]*>.*?</h1>", response.content.decode(), re.DOTALL)[0]


# --- Readers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "title"),
    [("", "Looking back at 2024"), ("/fr", "Retour sur 2024"), ("/es", "Mirando atrás: 2024")],
)
def test_each_language_reads_its_own_title(client, review, prefix, title):
    response = client.get(f"{prefix}/impact/2024/")

    assert response.status_code == 200
    assert h1(response) == f'<h1 class="display-5">{title}</h1>'


def test_a_french_reader_gets_the_french_intro(client, review):
    html = page(client.get("/fr/impact/2024/"))

    assert "<p>Les défenseurs ont fait bouger l'ONU.</p>" in html
    assert "Defenders changed things at the UN." not in html


@pytest.mark.parametrize("prefix", ["/fr", "/es"])
def test_an_untranslated_field_shows_the_english_marked_as_english(client, review, prefix):
    html = page(client.get(f"{prefix}/impact/2024/"))

    assert f'<div class="rich-text" lang="en">{ENGLISH_OUTLOOK}</div>' in html


def test_the_english_page_marks_no_content_as_english(client, review):
    html = page(client.get("/impact/2024/"))

    assert f'<div class="rich-text">{ENGLISH_OUTLOOK}</div>' in html
    assert '<h1 class="display-5">Looking back at 2024</h1>' in html


def test_a_highlight_falls_back_field_by_field(client, review, make_highlight):
    highlight = make_highlight(
        review,
        title="A new mandate on reprisals",
        title_es="Un nuevo mandato sobre represalias",
        summary="States agreed to follow reprisals closely.",
        body="<p>The long story.</p>",
    )

    html = page(client.get(f"/es{highlight.get_absolute_url()}"))

    assert "<h1>Un nuevo mandato sobre represalias</h1>" in html
    assert '<p class="lead" lang="en">States agreed to follow reprisals closely.</p>' in html
    assert '<div class="rich-text" lang="en"><p>The long story.</p></div>' in html


@pytest.mark.parametrize(
    ("prefix", "notice"),
    [
        ("/fr", "Cette partie n&#x27;a pas encore été traduite."),
        ("/es", "Esta parte aún no se ha traducido."),
    ],
)
def test_a_body_shown_in_english_says_so_in_the_page_language(
    client, review, make_highlight, prefix, notice
):
    highlight = make_highlight(review, body="<p>The long story.</p>", body_fr="")

    html = page(client.get(f"{prefix}{highlight.get_absolute_url()}"))

    # The notice is outside the English part, so it is read in the page's language.
    assert re.search(
        rf'<p class="untranslated-notice">{notice}</p>\s*'
        r'<div class="rich-text" lang="en"><p>The long story.</p></div>',
        html,
    )


def test_a_translated_body_and_an_english_page_have_no_notice(client, review, make_highlight):
    highlight = make_highlight(review, body="<p>The long story.</p>", body_fr="<p>L’histoire.</p>")

    assert "untranslated-notice" not in page(client.get(f"/fr{highlight.get_absolute_url()}"))
    assert "untranslated-notice" not in page(client.get(highlight.get_absolute_url()))


def test_the_review_announces_only_its_untranslated_parts(client, review):
    html = page(client.get("/fr/impact/2024/"))

    # The intro is in French; the outlook is not.
    assert html.count('class="untranslated-notice"') == 1
    assert re.search(
        r'<p class="untranslated-notice">[^<]*</p>\s*<div class="rich-text" lang="en">', html
    )


def test_theme_names_are_translated_in_the_filters(client, review, make_highlight):
    theme = Theme.objects.create(name="Reprisals", name_fr="Représailles", slug="reprisals")
    make_highlight(review, themes=[theme])

    html = page(client.get("/fr/impact/2024/"))

    assert re.search(r'<option value="reprisals"[^>]*>Représailles</option>', html)


@pytest.mark.parametrize(
    ("prefix", "typed", "shown"),
    [
        ("", "1,000", "1,000+"),
        ("/fr", "1,000", "1\xa0000+"),
        ("/es", "12,500", "12\xa0500+"),
        ("/fr", "2024", "2024+"),  # not grouped by the editor: shown as typed
        ("/fr", "a third", "a third+"),
    ],
)
def test_a_typed_grouped_number_is_grouped_as_the_page_language_writes_it(
    client, review, prefix, typed, shown
):
    KeyFigure.objects.create(
        review=review, source=FigureSource.TYPED, value=typed, unit="+", label="trained"
    )

    html = page(client.get(f"{prefix}/impact/2024/"))

    assert f'<span class="key-figure-value">{shown}</span>' in html


def test_a_translated_page_costs_no_more_queries_than_the_english(client, review, make_highlight):
    make_highlight(review, title="One", title_fr="Un")
    make_highlight(review, title="Two")

    counts = {}
    for prefix in ("", "/fr", "/es"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{prefix}/impact/2024/").status_code == 200
        counts[prefix] = len(queries)

    assert counts["/fr"] == counts["/es"] == counts[""], counts


# --- Editors ------------------------------------------------------------------------------


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_the_admin_puts_a_fields_languages_on_one_row(admin_client, review):
    html = page(admin_client.get(change_url(review)))

    for field in ("title", "intro", "video_title", "outlook"):
        assert f'<div class="form-row field-{field}_en field-{field}_fr field-{field}_es">' in html
    for label in ("Title (English):", "Title (French):", "Title (Spanish):"):
        assert label in html


def test_an_editor_adds_the_spanish_outlook_and_the_english_stays(admin_client, review):
    data = form_data(admin_client.get(change_url(review)), outlook_es="<p>Seguimos.</p>")

    response = admin_client.post(change_url(review), data)

    assert response.status_code == 302, errors(response)
    review.refresh_from_db()
    assert (review.outlook_en, review.outlook_es) == (ENGLISH_OUTLOOK, "<p>Seguimos.</p>")
    assert review.title_fr == "Retour sur 2024"


def test_english_is_required_and_the_translations_typed_are_kept(admin_client, review):
    data = form_data(admin_client.get(change_url(review)), title_en="", title_es="Otro título")

    response = admin_client.post(change_url(review), data)

    assert response.status_code == 200
    assert "This field is required." in errors(response)
    assert 'value="Otro título"' in page(response)
    review.refresh_from_db()
    assert review.title_es == "Mirando atrás: 2024"


def test_a_model_check_on_a_translated_field_shows_on_the_english_box(admin_client, review):
    # AnnualReview.clean() asks for a video title; the form's boxes are video_title_en, _fr...
    data = form_data(
        admin_client.get(change_url(review)),
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        video_title_en="",
        video_title_fr="Notre année",
    )

    response = admin_client.post(change_url(review), data)

    assert response.status_code == 200
    html = page(response)
    box = re.search(r'<div class="flex-container fieldBox field-video_title_en errors">', html)
    assert box, "the error is not on the English video title"
    assert "Give the video a title for screen readers." in errors(response)
    assert 'value="Notre année"' in html


def test_the_admin_finds_a_highlight_by_its_french_title(admin_client, review, make_highlight):
    make_highlight(review, title="A new mandate", title_fr="Un mandat inédit")
    make_highlight(review, title="Something else")

    html = page(admin_client.get(reverse("admin:impact_highlight_changelist"), {"q": "inédit"}))

    assert "A new mandate" in html
    assert "Something else" not in html


def test_the_history_keeps_every_language(review):
    review.title_fr = "Bilan 2024"
    review.save()

    newest, previous = review.history.all()[:2]
    assert (newest.title_fr, previous.title_fr) == ("Bilan 2024", "Retour sur 2024")
    assert newest.title_en == previous.title_en == "Looking back at 2024"


def test_private_field_options_kwargs_still_describe_the_history_columns():
    # impact/translation.py sets modeltranslation's private `_field_options_kwargs` on the
    # history's copies of the theme's names (modeltranslation 0.20.6). If this fails after an
    # upgrade, find how a translated field now describes itself in migrations.
    for language in ("en", "fr", "es"):
        theme_name = Theme._meta.get_field(f"name_{language}").deconstruct()[3]
        history_name = Theme.history.model._meta.get_field(f"name_{language}").deconstruct()[3]

        assert theme_name["unique"] is True
        assert history_name["unique"] is False and history_name["db_index"] is True


def test_untranslated_theme_names_do_not_clash_and_keep_a_history(db):
    # Names are unique per language; empty translations are NULL, which may repeat, and the
    # history table (many versions of one theme) has no unique index at all.
    first = Theme.objects.create(name="Reprisals", slug="reprisals")
    Theme.objects.create(name="Accountability", slug="accountability")
    first.name_fr = "Représailles"
    first.save()
    first.save()

    assert first.history.count() == 3
    assert list(Theme.objects.filter(name_es__isnull=True).order_by("slug")) == [
        Theme.objects.get(slug="accountability"),
        first,
    ]


def test_english_is_what_code_reads_and_writes_outside_a_request(review):
    # Management commands and the shell run in English: `review.title = ...` sets English.
    with translation.override("en"):
        review.title = "Our 2024"
        review.save()
    review.refresh_from_db()

    assert (review.title_en, review.title_fr) == ("Our 2024", "Retour sur 2024")


# --- The demo -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_has_the_review_and_the_hrdap_page_in_french_and_spanish(client, settings):
    call_command("load_demo", stdout=io.StringIO())
    review = AnnualReview.objects.get(year=2024)
    hrdap = Programme.objects.get(slug="hrdap")

    for language in ("fr", "es"):
        for obj, fields in (
            (review, ("title", "intro", "outlook")),
            (hrdap, ("name", "summary", "description")),
        ):
            for field in fields:
                text = getattr(obj, f"{field}_{language}")
                assert text and text != getattr(obj, f"{field}_en"), (obj, field, language)

        html = page(client.get(f"/{language}/programmes/hrdap/"))
        assert f"<h1>{getattr(hrdap, f'name_{language}')}</h1>" in html
        review_html = page(client.get(f"/{language}/impact/2024/"))
        assert f'<h1 class="display-5">{getattr(review, f"title_{language}")}</h1>' in review_html

    # Highlights' bodies are left in English, as an editor would leave them untranslated.
    highlight = Highlight.objects.filter(review=review).first()
    assert highlight.title_fr and not highlight.body_fr
    with translation.override("en"):  # the requests above left Spanish active
        address = highlight.get_absolute_url()
    html = page(client.get(f"/fr{address}"))
    assert '<div class="rich-text" lang="en">' in html
