"""What the public may see, what is stored, and the invariants the database enforces."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import PublicationState
from impact.models import AnnualReview, Highlight
from impact.video import embed_url
from tests.conftest import jpeg_upload

DRAFT = PublicationState.DRAFT


def published_titles(at=None):
    return set(Highlight.objects.published(at=at).values_list("title", flat=True))


# --- Highlight.objects.published() ------------------------------------------------------------


def test_a_published_highlight_of_a_published_review_is_public(make_review, make_highlight):
    make_highlight(make_review(), title="Out in the open")

    assert published_titles() == {"Out in the open"}


def test_a_draft_highlight_is_hidden(make_review, make_highlight):
    make_highlight(make_review(), title="Still being written", state=DRAFT)

    assert published_titles() == set()


def test_a_draft_highlight_stays_hidden_whatever_the_time(make_review, make_highlight):
    make_highlight(make_review(), title="Still being written", state=DRAFT)

    assert published_titles(at=timezone.now() + timedelta(days=3650)) == set()


def test_a_scheduled_highlight_is_hidden_before_its_time(make_review, make_highlight):
    make_highlight(
        make_review(), title="Coming tomorrow", publish_at=timezone.now() + timedelta(days=1)
    )

    assert published_titles() == set()


def test_a_scheduled_highlight_is_visible_once_its_time_has_come(make_review, make_highlight):
    publish_at = timezone.now() + timedelta(days=1)
    make_highlight(make_review(), title="Coming tomorrow", publish_at=publish_at)

    assert published_titles(at=publish_at - timedelta(seconds=1)) == set()
    assert published_titles(at=publish_at) == {"Coming tomorrow"}


def test_a_published_highlight_of_a_draft_review_is_never_public(make_review, make_highlight):
    make_highlight(make_review(state=DRAFT), title="Orphan of a draft")

    assert published_titles() == set()
    assert published_titles(at=timezone.now() + timedelta(days=3650)) == set()


def test_a_published_highlight_of_a_scheduled_review_is_hidden(make_review, make_highlight):
    review = make_review(publish_at=timezone.now() + timedelta(days=7))
    make_highlight(review, title="Waiting for its review")

    assert published_titles() == set()


def test_a_highlight_of_a_scheduled_review_appears_with_its_review(make_review, make_highlight):
    review_time = timezone.now() + timedelta(days=7)
    make_highlight(make_review(publish_at=review_time), title="Waiting for its review")

    assert published_titles(at=review_time - timedelta(seconds=1)) == set()
    assert published_titles(at=review_time) == {"Waiting for its review"}


# --- AnnualReview.objects.published() ---------------------------------------------------------


def published_years(at=None):
    return list(AnnualReview.objects.published(at=at).values_list("year", flat=True))


def test_a_published_review_is_public(make_review):
    make_review(2024)

    assert published_years() == [2024]


def test_a_draft_review_is_hidden(make_review):
    make_review(2025, state=DRAFT)

    assert published_years() == []
    assert published_years(at=timezone.now() + timedelta(days=3650)) == []


def test_a_scheduled_review_is_hidden_until_its_time(make_review):
    publish_at = timezone.now() + timedelta(days=30)
    make_review(2025, publish_at=publish_at)

    assert published_years() == []
    assert published_years(at=publish_at - timedelta(seconds=1)) == []
    assert published_years(at=publish_at) == [2025]


# --- RichTextField ----------------------------------------------------------------------------

UNSAFE_INTRO = (
    '<p onclick="steal()" style="color:red">A year of <strong>courage</strong>'
    "<script>alert('x')</script>, "
    '<a href="javascript:alert(1)">a trap</a> and '
    '<a href="https://ishr.ch/news/">our news</a>.</p>'
)


@pytest.fixture
def saved_intro(make_review):
    review = make_review(intro=UNSAFE_INTRO)
    review.refresh_from_db()
    return review.intro


def test_rich_text_loses_script_elements_on_save(saved_intro):
    assert "<script" not in saved_intro
    assert "alert('x')" not in saved_intro


def test_rich_text_loses_event_handler_attributes_on_save(saved_intro):
    assert "onclick" not in saved_intro
    assert "steal()" not in saved_intro


def test_rich_text_loses_inline_styles_on_save(saved_intro):
    assert "style=" not in saved_intro
    assert "color:red" not in saved_intro


def test_rich_text_loses_javascript_links_on_save(saved_intro):
    assert "javascript:" not in saved_intro
    assert "a trap" in saved_intro  # the words stay, the link goes


def test_rich_text_keeps_bold_text_and_web_links(saved_intro):
    assert "<strong>courage</strong>" in saved_intro
    assert '<a href="https://ishr.ch/news/">our news</a>' in saved_intro


def test_rich_text_is_sanitised_on_every_save_not_only_the_first(make_review):
    review = make_review(intro="<p>Clean</p>")
    review.intro = '<p>Edited<img src="x" onerror="steal()"></p>'
    review.save()
    review.refresh_from_db()

    assert review.intro == "<p>Edited</p>"


def test_rich_text_of_a_highlight_body_is_sanitised_too(make_review, make_highlight):
    highlight = make_highlight(
        make_review(), body='<h2 style="x">Why</h2><script>1</script><p>Because.</p>'
    )
    highlight.refresh_from_db()

    assert highlight.body == "<h2>Why</h2><p>Because.</p>"


# --- Images: alt text and credit --------------------------------------------------------------


def test_the_database_refuses_an_image_without_alt_text(make_review, make_highlight):
    review = make_review()

    with pytest.raises(IntegrityError), transaction.atomic():
        make_highlight(review, image=jpeg_upload(), image_alt="", image_credit="ISHR")

    assert not Highlight.objects.exists()


def test_the_database_refuses_an_image_without_a_credit(make_review, make_highlight):
    review = make_review()

    with pytest.raises(IntegrityError), transaction.atomic():
        make_highlight(review, image=jpeg_upload(), image_alt="Defenders in Geneva")

    assert not Highlight.objects.exists()


def test_the_database_accepts_an_image_with_alt_text_and_credit(make_review, make_highlight):
    highlight = make_highlight(
        make_review(), image=jpeg_upload(), image_alt="Defenders in Geneva", image_credit="ISHR"
    )
    highlight.refresh_from_db()

    assert highlight.image.name.startswith("highlights/")
    assert (highlight.image_width, highlight.image_height) == (64, 36)


def test_the_database_accepts_a_highlight_without_an_image_or_alt_text(
    make_review, make_highlight
):
    make_highlight(make_review(), image_alt="", image_credit="")

    assert Highlight.objects.count() == 1


def unsaved_highlight_with_image(review, **fields):
    return Highlight(
        review=review,
        kind=Highlight.Kind.CAMPAIGN,
        title="A campaign",
        slug="a-campaign",
        summary="What happened.",
        image="highlights/photo.jpg",
        image_width=64,
        image_height=36,
        **fields,
    )


def test_clean_demands_alt_text_and_credit_with_an_image(make_review):
    highlight = unsaved_highlight_with_image(make_review(), image_alt="  ", image_credit="")

    with pytest.raises(ValidationError) as error:
        highlight.clean()

    assert set(error.value.message_dict) == {"image_alt", "image_credit"}
    assert error.value.message_dict["image_alt"] == [
        "Describe the image for readers who cannot see it."
    ]


def test_clean_demands_only_the_credit_when_alt_text_is_given(make_review):
    highlight = unsaved_highlight_with_image(make_review(), image_alt="A crowd", image_credit="")

    with pytest.raises(ValidationError) as error:
        highlight.clean()

    assert set(error.value.message_dict) == {"image_credit"}


def test_clean_accepts_an_image_with_alt_text_and_credit(make_review):
    highlight = unsaved_highlight_with_image(
        make_review(), image_alt="A crowd", image_credit="ISHR"
    )

    highlight.clean()  # no error


def test_clean_accepts_no_image_and_no_alt_text(make_review):
    Highlight(review=make_review(), title="No picture").clean()  # no error


# --- Slugs and addresses ----------------------------------------------------------------------


def test_a_slug_is_unique_within_a_review(make_review, make_highlight):
    review = make_review()
    make_highlight(review, slug="reprisals")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_highlight(review, slug="reprisals")

    assert Highlight.objects.filter(slug="reprisals").count() == 1


def test_the_same_slug_is_allowed_in_another_review(make_review, make_highlight):
    make_highlight(make_review(2023), slug="reprisals")
    make_highlight(make_review(2024), slug="reprisals")

    assert Highlight.objects.filter(slug="reprisals").count() == 2


def test_a_review_lives_at_its_year(make_review):
    assert make_review(2024).get_absolute_url() == "/impact/2024/"


def test_a_highlight_lives_under_its_reviews_year(make_review, make_highlight):
    highlight = make_highlight(make_review(2024), slug="a-new-mandate")

    assert highlight.get_absolute_url() == "/impact/2024/a-new-mandate/"


def test_a_programme_and_its_edition_have_their_own_addresses(make_programme, make_edition):
    programme = make_programme("hrdap")
    edition = make_edition(programme, 2027)

    assert programme.get_absolute_url() == "/programmes/hrdap/"
    assert edition.get_absolute_url() == "/programmes/hrdap/2027/"


def test_models_read_well_as_text(make_review, make_highlight, make_programme, make_edition):
    review = make_review(2024, title="Looking back at 2024")
    highlight = make_highlight(review, title="A new mandate")
    edition = make_edition(make_programme("hrdap", short_name="HRDAP"), 2027)

    assert [str(review), str(highlight), str(edition)] == [
        "Looking back at 2024",
        "A new mandate",
        "HRDAP 2027",
    ]


# --- Video addresses --------------------------------------------------------------------------


def test_a_youtube_watch_address_becomes_a_privacy_friendlier_player():
    assert (
        embed_url("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42")
        == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )


def test_a_short_youtu_be_address_becomes_the_same_player():
    assert (
        embed_url("https://youtu.be/dQw4w9WgXcQ")
        == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )


def test_a_vimeo_address_becomes_a_do_not_track_player():
    assert (
        embed_url("https://vimeo.com/76979871")
        == "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"
    )


@pytest.mark.parametrize(
    "url",
    [
        "",
        "https://example.org/films/our-year.mp4",
        "https://youtube.com.example.org/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=<script>",
        "https://vimeo.com/channels/staffpicks",
    ],
)
def test_an_unknown_video_address_has_no_player(url):
    assert embed_url(url) == ""
