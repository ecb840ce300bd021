"""`manage.py load_demo`: the demo content is complete, valid and loads the same twice."""

import itertools
import re
from datetime import date, datetime, time, timedelta
from html import unescape
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import models

from core.models import Theme
from impact import demo
from impact.models import AnnualReview, FigureSource, Highlight, KeyFigure, SourceLink
from programmes import demo as programmes_demo
from programmes import services
from programmes.models import (
    Application,
    Component,
    Criterion,
    DecisionTemplate,
    Edition,
    FeedbackResponse,
    Participant,
    Programme,
    Status,
    StatusChange,
    Testimonial,
    Visibility,
)

MODELS = [
    AnnualReview,
    Highlight,
    KeyFigure,
    Theme,
    SourceLink,
    Programme,
    Edition,
    Component,
    Participant,
    Testimonial,
    Criterion,
    DecisionTemplate,
    Application,
    StatusChange,
    FeedbackResponse,
]
HISTORIES = [AnnualReview, Highlight, KeyFigure, Theme]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def media_files() -> dict[str, int]:
    root = Path(settings.MEDIA_ROOT)
    return {
        str(path.relative_to(root)): path.stat().st_mtime_ns
        for path in root.rglob("*")
        if path.is_file()
    }


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def history_counts() -> dict[str, int]:
    return {model.__name__: model.history.count() for model in HISTORIES}


def page_text(html: str) -> str:
    """What a reader sees: the page without its tags, entities decoded, spaces collapsed."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.django_db
def test_loading_twice_creates_no_rows_files_or_history_the_second_time():
    load_demo()
    rows, files, history = row_counts(), media_files(), history_counts()

    output = load_demo()

    assert row_counts() == rows
    assert media_files() == files
    assert history_counts() == history
    assert "nothing to change" in output


@pytest.mark.django_db
def test_demo_holds_the_whole_2024_review():
    output = load_demo()

    review = AnnualReview.objects.published().get(year=2024)
    assert review.highlights.count() == len(demo.HIGHLIGHTS) == 15
    assert review.key_figures.count() == 6
    assert SourceLink.objects.filter(highlight__review=review).count() == 15
    assert Highlight.objects.published().count() == 15
    assert "Demo content loaded: 1 review, 15 highlights, 6 key figures" in output


@pytest.mark.django_db
def test_highlights_come_in_ishr_order_each_with_themes_and_a_short_summary():
    load_demo()

    highlights = list(Highlight.objects.filter(review__year=2024))
    assert [h.position for h in highlights] == list(range(10, 160, 10))
    assert highlights[0].slug == "a-roadmap-to-justice-for-afghanistan"
    for highlight in highlights:
        assert 1 <= highlight.themes.count() <= 3, highlight.slug
        assert len(highlight.summary) <= 300, highlight.slug
        assert highlight.body.startswith("<"), highlight.slug


FACTS_IN_SUMMARIES = {
    "declaration25-new-standards-for-defenders": ["more than 700", "Declaration+25"],
    "over-1000-defenders-trained": ["1,000", "16", "434", "100%"],
    "racial-justice-mechanism-emler-renewed": ["three years", "EMLER"],
    "sudan-fact-finding-mission-renewed": ["Fact-Finding Mission on Sudan"],
    "venezuela-fact-finding-mission-extended": ["Fact-Finding Mission on Venezuela"],
    "eu-parliament-free-gulshan-abbas-and-ilham-tohti": ["Gulshan Abbas", "Ilham Tohti"],
    "joint-statement-on-china-at-the-un-in-new-york": ["Xinjiang", "Tibet"],
    "130-states-condemn-killings-targeting-lgbtq-people": ["130"],
    "a-statue-for-cao-shunli": ["Cao Shunli", "statue"],
    "saudi-arabia-kept-off-the-human-rights-council": ["Saudi Arabia"],
    "martin-ennals-award-2024": ["Zholia Parsi", "Manuchehr Kholiqnazarov", "Martin Ennals Award"],
}


@pytest.mark.django_db
def test_summaries_carry_the_facts_readers_see_on_the_review_page():
    load_demo()

    summaries = dict(Highlight.objects.values_list("slug", "summary"))
    missing = {
        slug: [fact for fact in facts if fact not in summaries[slug]]
        for slug, facts in FACTS_IN_SUMMARIES.items()
    }
    assert missing == {slug: [] for slug in FACTS_IN_SUMMARIES}


@pytest.mark.django_db
def test_every_highlight_has_a_light_illustration_with_alt_text_and_credit():
    load_demo()

    for highlight in Highlight.objects.all():
        assert highlight.image, highlight.slug
        assert highlight.image_alt.startswith("Abstract illustration"), highlight.slug
        assert highlight.image_credit == "Illustration"
        assert (highlight.image_width, highlight.image_height) == (1200, 675)
        assert highlight.image.size < 100_000, highlight.slug


@pytest.mark.django_db
def test_a_deleted_illustration_is_drawn_again_under_the_same_name():
    load_demo()
    highlight = Highlight.objects.get(slug="a-statue-for-cao-shunli")
    name, path = highlight.image.name, Path(highlight.image.path)
    original = path.read_bytes()
    path.unlink()

    load_demo()

    highlight.refresh_from_db()
    assert highlight.image.name == name
    assert path.read_bytes() == original  # drawn from the slug, so identical


@pytest.mark.django_db
def test_a_reset_database_reuses_the_illustrations_already_on_disk():
    load_demo()
    files = media_files()
    Highlight.objects.all().delete()

    load_demo()

    assert media_files() == files
    assert all(h.image.name in files for h in Highlight.objects.all())
    assert not Highlight.objects.filter(image_width__isnull=True).exists()


@pytest.mark.django_db
def test_the_open_hrdap_call_takes_applications_today_and_2024_does_not():
    load_demo()

    editions = Edition.objects.filter(programme__slug="hrdap")
    open_edition = editions.exclude(year=2024).get()
    assert open_edition.call_is_open()
    assert open_edition.places == 12
    assert sorted(open_edition.themes.values_list("slug", flat=True)) == [
        "democratic-backsliding",
        "racial-justice",
    ]
    assert list(Edition.objects.open_calls()) == [open_edition]
    assert not editions.get(year=2024).call_is_open()


@pytest.mark.django_db
def test_the_2024_editions_have_their_published_dates():
    load_demo()

    hrdap = Edition.objects.get(programme__slug="hrdap", year=2024)
    geneva = hrdap.components.get(mode=Component.Mode.IN_PERSON)
    assert (geneva.starts_on, geneva.ends_on, geneva.council_session) == (
        date(2024, 6, 12),
        date(2024, 6, 22),
        "HRC56",
    )
    assert "434" in hrdap.summary
    week = Edition.objects.get(programme__slug="whrd-aw", year=2024)
    assert week.call_opens is None and week.call_closes is None
    in_geneva = week.components.get(mode=Component.Mode.IN_PERSON)
    assert (in_geneva.starts_on, in_geneva.ends_on) == (date(2024, 9, 16), date(2024, 9, 21))


@pytest.mark.parametrize(
    ("today", "closes", "year", "online_starts", "session"),
    [
        (date(2026, 11, 27), date(2027, 1, 15), 2027, date(2027, 4, 12), "HRC65"),
        (date(2025, 11, 20), date(2026, 1, 15), 2026, date(2026, 4, 13), "HRC62"),
        (date(2026, 6, 1), date(2026, 7, 15), 2027, date(2027, 4, 12), "HRC65"),
        (date(2024, 1, 2), date(2024, 2, 15), 2025, date(2025, 4, 14), "HRC59"),
    ],
)
def test_the_open_call_closes_on_a_15th_at_least_six_weeks_ahead(
    today, closes, year, online_starts, session
):
    call = programmes_demo.open_hrdap_call(today)

    assert call["call_closes"].date() == closes
    assert call["call_closes"].time() == time(23, 59, 59)
    assert call["call_closes"].tzinfo == demo.GENEVA
    assert call["call_opens"] == datetime.combine(today, time.min, demo.GENEVA) - timedelta(30)
    assert call["year"] == year
    assert call["online"] == (online_starts, date(year, 6, 8))
    assert call["council_session"] == session


def test_illustrations_are_the_same_bytes_for_the_same_slug():
    plan = demo.plan_illustration("a-statue-for-cao-shunli")

    assert demo.render_illustration(plan) == demo.render_illustration(plan)
    assert plan.alt == demo.plan_illustration("a-statue-for-cao-shunli").alt


# The facts the 2024 review must show, as a reader of /impact/2024/ sees them.
FACTS_ON_THE_REVIEW_PAGE = [
    "434",
    "16",
    "100%",
    "1,000",
    "more than 700",
    "Declaration+25",
    "130",
    "EMLER",
    "three years",
    "Fact-Finding Mission on Sudan",
    "Fact-Finding Mission on Venezuela",
    "Saudi Arabia",
    "Cao Shunli",
    "statue",
    "Gulshan Abbas",
    "Ilham Tohti",
    "Xinjiang",
    "Tibet",
    "Martin Ennals Award",
    "Zholia Parsi",
    "Manuchehr Kholiqnazarov",
]


@pytest.mark.django_db
def test_the_2024_review_page_shows_every_fact_of_the_review(client):
    load_demo()

    html = client.get("/impact/2024/").content.decode()
    text = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))

    assert [fact for fact in FACTS_ON_THE_REVIEW_PAGE if fact not in text] == []
    for highlight in Highlight.objects.all():
        assert highlight.title in text


# --- Participants, testimonials and decision dates ------------------------------------------


@pytest.mark.django_db
def test_the_whrd_aw_2024_week_has_its_eleven_participants_in_every_visibility():
    load_demo()

    people = Participant.objects.filter(edition__programme__slug="whrd-aw", edition__year=2024)
    assert people.count() == 11
    assert {v: people.filter(visibility=v).count() for v in Visibility} == {
        Visibility.NAMED: 2,
        Visibility.ANONYMOUS: 6,
        Visibility.HIDDEN: 3,
    }
    shown = people.exclude(visibility=Visibility.HIDDEN)
    assert not shown.filter(consent_recorded_on=None).exists()
    assert not people.filter(consent_note="").exists()
    assert not people.filter(visibility=Visibility.ANONYMOUS, country="").exists()


@pytest.mark.django_db
def test_the_whrd_aw_2024_page_names_only_those_who_chose_to_be_named(client):
    load_demo()

    html = client.get("/programmes/whrd-aw/2024/").content.decode()
    text = page_text(html)

    assert "Teresa Quillay Mamani, Colectivo Warmi Yaku (Bolivia)" in text
    assert "Salote Naivalu, Coastal Women's Climate Circle (Fiji)" in text
    for country in ["Brazil", "Honduras", "Kenya", "Indonesia", "Uganda", "Ecuador"]:
        assert f"A defender from {country}" in text
    anonymous = Participant.objects.filter(visibility=Visibility.ANONYMOUS)
    for person in anonymous.filter(edition__programme__slug="whrd-aw"):
        assert person.display_name not in text, person.display_name
        assert person.organisation not in text, person.organisation


@pytest.mark.django_db
def test_a_hidden_participant_appears_nowhere_in_the_page_html(client):
    load_demo()

    html = client.get("/programmes/whrd-aw/2024/").content.decode()

    hidden = Participant.objects.filter(
        edition__programme__slug="whrd-aw", visibility=Visibility.HIDDEN
    )
    assert hidden.count() == 3
    for person in hidden:
        for secret in (person.display_name, person.organisation, person.consent_note):
            assert secret not in html, secret
            assert secret not in page_text(html), secret
    # Six shown by name or country; the hidden three leave no empty entries behind.
    assert html.count("<li>A defender from ") == 6


@pytest.mark.django_db
def test_the_whrd_aw_2024_page_shows_its_testimonials_attributed_as_each_person_chose(client):
    load_demo()

    text = page_text(client.get("/programmes/whrd-aw/2024/").content.decode())

    testimonials = Testimonial.objects.public().filter(edition__programme__slug="whrd-aw")
    assert 3 <= testimonials.count() <= 4
    for testimonial in testimonials:
        assert re.sub(r"\s+", " ", testimonial.quote) in text
    assert "Special Procedures" in text and "ninety seconds" in text
    # A hidden participant's quote goes out under the words she chose, never her name.
    free_text = testimonials.get(participant__visibility=Visibility.HIDDEN)
    assert free_text.attribution in text
    assert free_text.participant.display_name not in text
    by_country = testimonials.filter(participant__visibility=Visibility.ANONYMOUS)
    assert by_country.count() >= 2
    assert all(t.public_attribution.startswith("A defender from ") for t in by_country)


@pytest.mark.django_db
def test_hrdap_2024_shows_its_participants_mostly_without_names(client):
    load_demo()

    people = Participant.objects.filter(edition__programme__slug="hrdap", edition__year=2024)
    text = page_text(client.get("/programmes/hrdap/2024/").content.decode())

    assert not people.filter(visibility=Visibility.NAMED).exists()
    assert people.filter(visibility=Visibility.HIDDEN).exists()
    assert "A defender from Zimbabwe" in text and "A defender from Sri Lanka" in text
    assert [p.display_name for p in people if p.display_name in text] == []
    quotes = Testimonial.objects.public().filter(
        edition__programme__slug="hrdap", edition__year=2024
    )
    assert 1 <= quotes.count() <= 2
    assert "A participant in the 2024 programme" in text


@pytest.mark.django_db
def test_loading_twice_leaves_participants_and_testimonials_untouched():
    load_demo()
    participants = list(Participant.objects.values())
    testimonials = list(Testimonial.objects.values())

    output = load_demo()

    assert list(Participant.objects.values()) == participants
    assert list(Testimonial.objects.values()) == testimonials  # updated_at included
    assert "16 participants, 6 testimonials (nothing to change)" in output


@pytest.mark.django_db
def test_the_open_call_promises_decisions_after_it_closes_and_before_the_course(frozen_now):
    load_demo()

    edition = Edition.objects.filter(programme__slug="hrdap").exclude(year=2024).get()
    course = edition.components.get(mode=Component.Mode.ONLINE)

    assert edition.call_closes.date() < edition.decisions_by < course.starts_on
    assert edition.decisions_by == date(2027, 2, 26)  # six weeks after 15 January


@pytest.mark.parametrize(
    "today",
    [date(2026, 11, 27), date(2025, 12, 31), date(2026, 1, 2), date(2026, 6, 1), date(2024, 1, 2)],
)
def test_decisions_come_after_the_deadline_and_at_least_two_weeks_before_the_course(today):
    call = programmes_demo.open_hrdap_call(today)

    assert call["call_closes"].date() < call["decisions_by"]
    assert call["decisions_by"] <= call["online"][0] - timedelta(weeks=2)
    assert call["decisions_by"] <= call["call_closes"].date() + timedelta(weeks=6)


@pytest.mark.django_db
def test_closed_hrdap_2024_had_its_decisions_before_its_course():
    load_demo()

    edition = Edition.objects.get(programme__slug="hrdap", year=2024)
    course = edition.components.get(mode=Component.Mode.ONLINE)

    assert edition.call_closes.date() < edition.decisions_by < course.starts_on


# --- Selection, applications, feedback and computed key figures -----------------------------


def hrdap_editions():
    editions = Edition.objects.filter(programme__slug="hrdap")
    return editions.get(year=2024), editions.exclude(year=2024).get()


def key_figure_values(html: str) -> list[str]:
    return re.findall(r'<span class="key-figure-value">([^<]*)</span>', html)


@pytest.mark.django_db
def test_the_2024_review_shows_16_of_434_and_100_percent_computed_from_the_data(client):
    load_demo()

    html = client.get("/impact/2024/").content.decode()

    assert key_figure_values(html) == ["1,000+", "16 of 434", "100%", "700+", "130", "11"]
    computed = KeyFigure.objects.exclude(source=FigureSource.TYPED)
    assert {(f.source, str(f.edition), f.value) for f in computed} == {
        ("selected-of-applicants", "HRDAP 2024", ""),
        ("satisfied", "HRDAP 2024", ""),
    }


@pytest.mark.django_db
def test_selecting_one_more_2024_applicant_shows_17_of_434(client, django_user_model):
    load_demo()
    manager = django_user_model.objects.create_user("manager", "manager@example.org")
    waitlisted = Application.objects.filter(edition__year=2024, status=Status.WAITLISTED)

    services.change_status(application=waitlisted.first(), to=Status.SELECTED, by=manager)

    assert "17 of 434" in key_figure_values(client.get("/impact/2024/").content.decode())


@pytest.mark.django_db
def test_hrdap_2024_had_434_applicants_16_selected_a_few_waitlisted_the_rest_declined():
    load_demo()

    edition, _ = hrdap_editions()
    statuses = dict(
        edition.applications.values_list("status").annotate(n=models.Count("pk")).order_by()
    )
    assert sum(statuses.values()) == 434
    assert statuses[Status.SELECTED] == edition.places == 16
    assert 3 <= statuses[Status.WAITLISTED] <= 10
    assert statuses[Status.DECLINED] == 434 - 16 - statuses[Status.WAITLISTED]


@pytest.mark.django_db
def test_each_2024_application_has_the_status_changes_that_led_to_its_status():
    load_demo()

    edition, _ = hrdap_editions()
    paths = {}
    for change in StatusChange.objects.filter(application__edition=edition):
        paths.setdefault(change.application_id, []).append((change.from_status, change.to_status))
    applications = edition.applications.all()
    assert len(paths) == applications.count()
    for application in applications:
        path = paths[application.pk]
        assert path[0][0] == Status.SUBMITTED
        assert path[-1][1] == application.status
        assert all(a[1] == b[0] for a, b in itertools.pairwise(path))
        assert application.submitted_at < edition.call_closes


@pytest.mark.django_db
def test_demo_applicants_are_invented_with_example_addresses_and_no_files():
    load_demo()

    applications = Application.objects.all()
    assert applications.count() == 434 + 12
    assert not applications.exclude(email__endswith="@example.org").exists()
    assert not applications.exclude(cv="").exists()
    assert not applications.exclude(reference_letter="").exists()
    assert all(re.fullmatch(r"HRDAP\d\d-[2-9A-Z]{6}", a.reference) for a in applications)


def test_demo_applications_are_the_same_every_time():
    first = programmes_demo.hrdap_2024_applications()

    assert first == programmes_demo.hrdap_2024_applications()
    assert len({a.answers["reference"] for a in first}) == 434
    assert len({a.answers["email"].lower() for a in first}) == 434


@pytest.mark.django_db
def test_the_open_call_has_a_dozen_submitted_applications_to_review(frozen_now):
    load_demo()

    _, edition = hrdap_editions()
    applications = edition.applications.all()
    assert applications.count() == 12
    assert {a.status for a in applications} == {Status.SUBMITTED}
    assert all(edition.call_opens <= a.submitted_at <= frozen_now for a in applications)
    edition_themes = set(edition.themes.all())
    for application in applications:
        assert set(application.themes.all()) & edition_themes


@pytest.mark.django_db
def test_hrdap_editions_publish_their_ten_criteria_and_three_decision_emails():
    load_demo()

    for edition in hrdap_editions():
        criteria = list(edition.criteria.all())
        assert len(criteria) == 10
        assert [c.name for c in criteria][-1] == "English"
        assert all(c.description for c in criteria)
        templates = {t.decision: t for t in edition.decision_templates.all()}
        assert sorted(templates) == sorted(Status.decisions())


@pytest.mark.django_db
def test_decision_emails_use_only_the_three_placeholders_and_name_the_applicant():
    load_demo()

    for template in DecisionTemplate.objects.all():
        text = template.subject + template.body
        assert set(re.findall(r"\{\{\s*(.*?)\s*\}\}", text)) <= {"name", "reference", "edition"}
        assert "{{ name }}" in template.body and "{{ reference }}" in template.body
        assert "{%" not in text


@pytest.mark.django_db
def test_the_2024_participants_are_all_satisfied_or_very_satisfied():
    load_demo()

    edition, _ = hrdap_editions()
    feedback = FeedbackResponse.objects.filter(edition=edition)
    assert feedback.count() == 16
    assert set(feedback.values_list("satisfaction", flat=True)) <= {4, 5}


@pytest.mark.django_db
def test_loading_again_keeps_what_a_manager_did_to_demo_applications():
    load_demo()
    _, edition = hrdap_editions()
    shortlisted = edition.applications.first()
    shortlisted.status = Status.SHORTLISTED
    shortlisted.save(update_fields=["status"])
    applications = list(Application.objects.values())

    output = load_demo()

    assert list(Application.objects.values()) == applications
    assert "446 applications, 16 feedback responses" in output
    assert "nothing to change" in output


@pytest.mark.django_db
def test_the_demo_states_only_the_outcomes_the_2024_review_gives():
    load_demo()
    highlights = {h.title: h for h in Highlight.objects.all()}

    emler = highlights["Racial justice mechanism EMLER renewed"]
    assert (emler.ishr_role, emler.named_partners) == (
        "co-led",
        "UN Anti-racism Coalition (UNARC)",
    )
    assert highlights["EU Parliament: free Gulshan Abbas and Ilham Tohti"].decided_by == (
        "european-parliament"
    )
    assert highlights["A statue for Cao Shunli"].decided_by == "local-authority"
    # The review gives no session, date, document symbol or vote: none is made up.
    assert not any(
        h.session or h.decided_on or h.document_symbol or h.has_vote or h.adopted_without_vote
        for h in highlights.values()
    )


@pytest.mark.django_db
def test_the_demo_review_page_stays_at_five_queries(client, django_assert_num_queries):
    load_demo()

    with django_assert_num_queries(5):
        response = client.get("/impact/2024/")

    assert "16 of 434" in key_figure_values(response.content.decode())
