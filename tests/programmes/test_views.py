"""The programme pages: what each programme is, its editions, and whether its call is open."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from core.models import PublicationState
from programmes.models import Component, Criterion
from tests.programmes.conftest import geneva

# Deadlines in these pages are calendar dates: read them at a fixed moment.
pytestmark = pytest.mark.usefixtures("frozen_now")

GENEVA = ZoneInfo("Europe/Zurich")
DRAFT = PublicationState.DRAFT


def page(response) -> str:
    return response.content.decode()


def section(html: str, heading_id: str) -> str:
    match = re.search(
        rf'<section[^>]*aria-labelledby="{heading_id}"[^>]*>(.*?)</section>', html, re.DOTALL
    )
    return match.group(1) if match else ""


# --- Programme list ---------------------------------------------------------------------------


def test_programme_list_shows_every_programme_in_order(client, hrdap, whrd):
    html = page(client.get("/programmes/"))

    assert re.findall(r'<h2 class="h3"><a href="([^"]+)">([^<]+)</a></h2>', html) == [
        ("/programmes/hrdap/", "Human Rights Defender Advocacy Programme (HRDAP)"),
        ("/programmes/whrd-aw/", "Women Human Rights Defenders Advocacy Week (WHRD-AW)"),
    ]
    assert "Online training, then ten days of advocacy in Geneva." in html
    assert "A week in Geneva for women defenders." in html


def test_programme_list_says_when_the_latest_call_closes(client, closed_2024, open_2027):
    html = page(client.get("/programmes/"))

    assert "The call for applications is open." in html
    assert "23:59 Geneva time (CET) on 15 January 2027" in html
    assert "15 January 2024" not in html  # only the latest edition's call


def test_programme_list_without_programmes_says_so(client, db):
    assert "No programme is listed yet." in page(client.get("/programmes/"))


# --- One programme ----------------------------------------------------------------------------


def test_programme_page_shows_its_name_summary_and_description(client, hrdap):
    html = page(client.get("/programmes/hrdap/"))

    assert "<h1>Human Rights Defender Advocacy Programme</h1>" in html
    assert "Online training, then ten days of advocacy in Geneva." in html
    assert "Since 2006 the programme has trained <strong>hundreds</strong>." in html


def test_programme_page_shows_the_open_call_with_its_geneva_deadline(client, open_2027):
    call = section(page(client.get("/programmes/hrdap/")), "current-call-title")

    assert "The 2027 call" in call
    assert "The call for applications is open." in call
    # The reader's local time goes in the room after the time, before the full stop.
    assert (
        'Apply by <time datetime="2027-01-15T23:59:59+01:00" data-local-time>'
        "23:59 Geneva time (CET) on 15 January 2027</time>"
        '<span class="local-time" data-pending '
        'data-pattern="your local time: %(time)s (%(zone)s) on %(date)s" aria-hidden="true">'
        " (your local time: 23:59 (GMT+01:00) on 15 January 2027)</span>." in call
    )
    assert 'href="/programmes/hrdap/2027/"' in call


def test_programme_page_loads_the_local_time_script_for_an_open_call(client, open_2027):
    assert "js/local-time." in page(client.get("/programmes/hrdap/"))


def test_programme_page_announces_an_upcoming_call(client, hrdap, make_edition):
    make_edition(
        hrdap,
        2028,
        call_opens=geneva(2027, 11, 1, 9, 0),
        call_closes=geneva(2028, 1, 15, 23, 59, 59),
    )

    call = section(page(client.get("/programmes/hrdap/")), "current-call-title")

    assert (
        "The call opens on 1 November 2027 and closes at "
        '<time datetime="2028-01-15T23:59:59+01:00" data-local-time>'
        "23:59 Geneva time (CET) on 15 January 2028</time>" in call
    )


def test_programme_page_prefers_the_open_call_to_a_later_upcoming_one(
    client, hrdap, open_2027, make_edition
):
    make_edition(
        hrdap,
        2028,
        call_opens=geneva(2027, 11, 1, 9, 0),
        call_closes=geneva(2028, 1, 15, 23, 59, 59),
    )

    call = section(page(client.get("/programmes/hrdap/")), "current-call-title")

    assert "The 2027 call" in call
    assert "The call for applications is open." in call


def test_programme_page_has_no_current_call_when_every_call_has_closed(client, closed_2024):
    html = page(client.get("/programmes/hrdap/"))

    assert 'id="current-call-title"' not in html
    assert "js/local-time." not in html


def test_programme_page_ignores_the_call_of_a_draft_edition(client, hrdap, make_edition):
    make_edition(
        hrdap,
        2027,
        state=DRAFT,
        call_opens=timezone.now() - timedelta(days=1),
        call_closes=timezone.now() + timedelta(days=30),
    )

    html = page(client.get("/programmes/hrdap/"))

    assert 'id="current-call-title"' not in html
    assert "2027" not in section(html, "editions-title")


def test_programme_page_lists_published_editions_newest_first(
    client, hrdap, closed_2024, open_2027, make_edition
):
    make_edition(hrdap, 2025, state=DRAFT)
    make_edition(hrdap, 2026, publish_at=timezone.now() + timedelta(days=1))

    editions = section(page(client.get("/programmes/hrdap/")), "editions-title")

    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', editions) == [
        ("/programmes/hrdap/2027/", "HRDAP 2027"),
        ("/programmes/hrdap/2024/", "HRDAP 2024"),
    ]
    assert "Sixteen defenders joined from 434 applicants." in editions


# --- One edition ------------------------------------------------------------------------------


@pytest.fixture
def components(open_2027):
    # Created out of order: the page lists them by start date.
    return [
        Component.objects.create(
            edition=open_2027,
            mode=Component.Mode.IN_PERSON,
            name="Advocacy in Geneva",
            starts_on=date(2027, 6, 14),
            ends_on=date(2027, 6, 25),
            place="Geneva, Switzerland",
            council_session="HRC65",
            description="Meetings with diplomats and UN experts.",
        ),
        Component.objects.create(
            edition=open_2027,
            mode=Component.Mode.ONLINE,
            name="Online course",
            starts_on=date(2027, 4, 1),
            ends_on=date(2027, 5, 31),
        ),
    ]


def test_edition_page_lists_components_by_date_with_place_and_session(client, components):
    html = section(page(client.get("/programmes/hrdap/2027/")), "components-title")

    assert re.findall(r'<h3 class="h5 mb-1">([^<]+)</h3>', html) == [
        "Online course",
        "Advocacy in Geneva",
    ]
    assert "1 April 2027 to 31 May 2027" in html
    assert (
        "14 June 2027 to 25 June 2027 · Geneva, Switzerland · "
        "during the HRC65 session of the Human Rights Council" in html
    )
    assert "Meetings with diplomats and UN experts." in html


def test_edition_page_shows_each_components_mode(client, components):
    html = section(page(client.get("/programmes/hrdap/2027/")), "components-title")

    assert re.findall(r'<span class="badge[^"]*">([^<]+)</span>', html) == ["Online", "In person"]


def test_edition_page_shows_the_open_call_places_and_themes(client, open_2027, make_theme):
    open_2027.themes.set([make_theme("Reprisals"), make_theme("Civic space")])

    html = page(client.get("/programmes/hrdap/2027/"))

    assert "<h1>Human Rights Defender Advocacy Programme 2027</h1>" in html
    assert "Apply by" in html
    assert "23:59 Geneva time (CET) on 15 January 2027" in html
    assert "<dt>Places</dt><dd>16</dd>" in html
    assert "<dt>Themes</dt><dd>Civic space, Reprisals</dd>" in html


def test_edition_page_explains_eligibility_selection_and_costs(client, open_2027):
    html = page(client.get("/programmes/hrdap/2027/"))

    assert "Defenders working at home with a partner organisation." in section(
        html, "eligibility-title"
    )
    assert "Two reviewers score each application." in section(html, "selection-title")
    assert "Scholarships cover travel and accommodation." in section(html, "costs-title")


def test_edition_page_says_when_its_call_closed(client, closed_2024):
    html = page(client.get("/programmes/hrdap/2024/"))

    assert "The call closed at" in html
    assert "23:59 Geneva time (CET) on 15 January 2024" in html
    assert "Apply by" not in html


def test_a_summer_deadline_is_given_in_summer_time(client, hrdap, make_edition):
    make_edition(
        hrdap,
        2027,
        call_opens=timezone.now() - timedelta(days=1),
        call_closes=geneva(2027, 7, 1, 12, 0),
    )

    html = page(client.get("/programmes/hrdap/2027/"))

    assert (
        '<time datetime="2027-07-01T12:00:00+02:00" data-local-time>'
        "12:00 Geneva time (CEST) on 1 July 2027</time>" in html
    )


def test_a_deadline_stored_in_utc_is_shown_in_geneva_time(client, hrdap, make_edition):
    make_edition(
        hrdap,
        2027,
        call_opens=timezone.now() - timedelta(days=1),
        call_closes=datetime(2027, 1, 15, 22, 59, 59, tzinfo=ZoneInfo("UTC")),
    )

    html = page(client.get("/programmes/hrdap/2027/"))

    assert "23:59 Geneva time (CET) on 15 January 2027" in html


# --- Not found --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/programmes/no-such-programme/",
        "/programmes/no-such-programme/2027/",
        "/programmes/hrdap/1999/",
        "/programmes/hrdap/99999999999999999999/",
    ],
)
def test_unknown_programmes_and_years_are_not_found(client, open_2027, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "We could not find that page" in page(response)


def test_a_draft_edition_is_not_found(client, hrdap, make_edition):
    make_edition(hrdap, 2027, state=DRAFT, summary="Secret plans for 2027.")

    response = client.get("/programmes/hrdap/2027/")

    assert response.status_code == 404
    assert "Secret plans for 2027." not in page(response)


def test_a_scheduled_edition_is_not_found_before_its_time(client, hrdap, make_edition):
    make_edition(hrdap, 2027, publish_at=timezone.now() + timedelta(days=1))

    assert client.get("/programmes/hrdap/2027/").status_code == 404


def test_an_edition_is_only_found_under_its_own_programme(client, whrd, open_2027):
    assert client.get("/programmes/whrd-aw/2027/").status_code == 404


# --- Query counts -----------------------------------------------------------------------------


@pytest.fixture(params=[2, 20], ids=["2-editions", "20-editions"])
def many_editions(request, hrdap, whrd, make_edition, make_theme):
    themes = [make_theme("Reprisals"), make_theme("Civic space")]
    for programme in (hrdap, whrd):
        for offset in range(request.param):
            edition = make_edition(
                programme,
                2027 - offset,
                call_opens=geneva(2026 - offset, 11, 1, 0, 0),
                call_closes=geneva(2027 - offset, 1, 15, 23, 59, 59),
            )
            edition.themes.set(themes)
            for month in (4, 6):
                Component.objects.create(
                    edition=edition,
                    mode=Component.Mode.ONLINE,
                    name=f"Part {month}",
                    starts_on=date(2027 - offset, month, 1),
                    ends_on=date(2027 - offset, month, 20),
                )
    return request.param


def test_programme_list_query_count_does_not_grow_with_editions(
    client, many_editions, django_assert_num_queries
):
    with django_assert_num_queries(2):
        response = client.get("/programmes/")
    assert "HRDAP" in page(response)


def test_programme_page_query_count_does_not_grow_with_editions(
    client, many_editions, django_assert_num_queries
):
    with django_assert_num_queries(3):
        response = client.get("/programmes/hrdap/")
    assert page(response).count('<li><a href="/programmes/hrdap/') == many_editions


def test_edition_page_query_count_does_not_grow_with_editions(
    client, many_editions, django_assert_num_queries
):
    with django_assert_num_queries(6):
        response = client.get("/programmes/hrdap/2027/")
    assert "Part 6" in page(response)


def test_edition_page_says_when_applicants_hear_the_decision(client, open_2027):
    open_2027.decisions_by = date(2027, 2, 26)
    open_2027.save()
    assert "Every applicant hears from us by 26 February 2027" in page(
        client.get("/programmes/hrdap/2027/")
    )


def test_a_past_editions_page_says_when_applicants_heard_the_decision(client, closed_2024):
    closed_2024.decisions_by = date(2024, 2, 26)
    closed_2024.save()
    html = page(client.get(closed_2024.get_absolute_url()))
    assert "Every applicant heard from us by 26 February 2024" in html
    assert "hears from us" not in html


def test_the_edition_page_lists_the_criteria_once_in_the_applicants_words(client, open_2027):
    open_2027.selection = "<p>Applications are assessed against these criteria:</p>"
    open_2027.save()
    Criterion.objects.create(
        edition=open_2027, name="Strategic fit", description="Reviewers' own wording."
    )

    html = page(client.get("/programmes/hrdap/2027/"))

    assert "Applications are assessed against these criteria:" in html
    assert "Strategic fit" not in html
    assert "Reviewers&#x27; own wording." not in html


def test_without_a_selection_text_the_edition_page_lists_the_criteria(client, open_2027):
    open_2027.selection = ""
    open_2027.save()
    Criterion.objects.create(
        edition=open_2027, name="Strategic fit", description="How the work fits."
    )

    html = page(client.get("/programmes/hrdap/2027/"))

    assert "<strong>Strategic fit</strong>: How the work fits." in html


def test_a_past_editions_page_speaks_of_its_call_in_the_past(client, closed_2024):
    closed_2024.eligibility = "<p>Defenders with national experience.</p>"
    closed_2024.selection = "<p>Two reviewers per application.</p>"
    closed_2024.save()
    html = page(client.get("/programmes/hrdap/2024/"))
    assert "Who could apply" in html and "How participants were selected" in html
    assert "Who can apply" not in html
