"""The public page cache (core/page_cache.py): a page rendered once is served to the next
readers without a query, compressed, with an ETag; anything staff save, and any scheduled
change coming due, shows at the next request."""

import gzip
import uuid
from datetime import timedelta

import brotli
import pytest
import redis
from csp.middleware import CSPMiddleware
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils import timezone as django_timezone

from core import page_cache
from core.models import PublicationState, Theme
from impact.models import FigureSource, Highlight, KeyFigure
from ishr_site.apps import shared_cache_check, site_url_check
from programmes import retention, services
from programmes.models import Edition, FeedbackResponse, Satisfaction, Status
from tests.impact.test_admin import form_data
from tests.impact.test_key_figures import shown_figures
from tests.programmes.conftest import make_application, make_edition, make_programme
from tests.test_outage import database_down

# Factories and fixtures that live with the apps' tests.
__all__ = ["database_down", "make_application", "make_edition", "make_programme"]

pytestmark = pytest.mark.page_cache

REVIEW = "/impact/2024/"


@pytest.fixture
def review(make_review, make_highlight):
    review = make_review(2024, title="Looking back at 2024")
    make_highlight(review, title="Resolution on reprisals adopted", slug="reprisals")
    return review


def settled():
    """What a commit does at the end of each write: a new state for the pages. The test's
    own writes never commit (each test is a transaction rolled back)."""
    page_cache.invalidate()


def freeze(monkeypatch, at):
    monkeypatch.setattr(django_timezone, "now", lambda: at)


# --- Served from the cache ------------------------------------------------------------------


def test_the_next_reader_gets_the_page_from_the_cache_without_a_query(
    client, review, django_assert_num_queries
):
    first = client.get(REVIEW)
    with django_assert_num_queries(0):
        second = client.get(REVIEW)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert "Resolution on reprisals adopted" in second.content.decode()


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settled()
    return Highlight.objects.published().select_related("review").first()


def public_pages(highlight) -> list[str]:
    edition = Edition.objects.published().order_by("-year").first()
    return [
        "/",
        "/impact/",
        REVIEW,
        f"{REVIEW}?kind=resolution",
        highlight.get_absolute_url(),
        "/impact/feed/",
        "/programmes/",
        "/programmes/hrdap/",
        edition.get_absolute_url(),
        "/sitemap.xml",
    ]


def test_every_public_page_costs_at_most_six_queries_once_and_none_after(
    client, demo, django_assert_max_num_queries, django_assert_num_queries
):
    for url in public_pages(demo):
        with django_assert_max_num_queries(6):
            first = client.get(url)
        with django_assert_num_queries(0):
            again = client.get(url)
        assert first.status_code == 200, url
        assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit"), url
        assert again.content == first.content, url


def test_the_state_of_the_cache_is_made_in_one_query(demo, django_assert_num_queries):
    with django_assert_num_queries(1):
        page_cache.invalidate()


def test_each_language_and_query_string_is_a_page_of_its_own(client, review, make_highlight):
    other = make_highlight(review, kind=Highlight.Kind.CAMPAIGN, title="A campaign that won")
    client.get(REVIEW)

    filtered = client.get(f"{REVIEW}?kind=campaign")

    assert filtered["X-Page-Cache"] == "miss"
    assert other.title in filtered.content.decode()
    assert "Resolution on reprisals adopted" not in filtered.content.decode()


# --- Compressed once, revalidated cheaply -----------------------------------------------------


def test_a_cached_page_arrives_compressed_as_the_browser_asks(client, review):
    plain = client.get(REVIEW).content
    as_brotli = client.get(REVIEW, headers={"accept-encoding": "gzip, deflate, br"})
    as_gzip = client.get(REVIEW, headers={"accept-encoding": "gzip"})
    refused = client.get(REVIEW, headers={"accept-encoding": "identity"})

    assert as_brotli["Content-Encoding"] == "br"
    assert brotli.decompress(as_brotli.content) == plain
    assert as_gzip["Content-Encoding"] == "gzip"
    assert gzip.decompress(as_gzip.content) == plain
    assert not refused.has_header("Content-Encoding")
    assert refused.content == plain
    assert "Accept-Encoding" in as_brotli["Vary"]
    assert len(as_brotli.content) < len(plain) / 3


def test_an_unchanged_page_answers_304_without_its_body(client, review):
    first = client.get(REVIEW, headers={"accept-encoding": "br"})

    again = client.get(REVIEW, headers={"accept-encoding": "br", "if-none-match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""


def test_a_changed_page_answers_200_to_the_old_etag(client, review):
    first = client.get(REVIEW)
    highlight = Highlight.objects.get(review=review)
    highlight.title = "A new title"
    highlight.save()

    again = client.get(REVIEW, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200


def test_browsers_may_keep_a_page_but_must_ask_whether_it_changed(client, review):
    response = client.get(REVIEW)

    assert {"public", "no-cache"} <= {d.strip() for d in response["Cache-Control"].split(",")}


def test_security_headers_are_on_cached_pages_too(client, review):
    client.get(REVIEW)

    hit = client.get(REVIEW)

    assert hit["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"):
        assert hit.has_header(header), header


# --- Changes show at the next request ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_edit_saved_in_the_admin_is_on_the_page_at_the_next_request(
    admin_client, client, review
):
    highlight = Highlight.objects.get(review=review)
    client.get(REVIEW)
    assert client.get(REVIEW)["X-Page-Cache"] == "hit"
    url = reverse("admin:impact_highlight_change", args=[highlight.pk])
    data = form_data(admin_client.get(url), title_en="Reprisals resolution adopted by consensus")

    saved = admin_client.post(url, data)

    assert saved.status_code == 302
    page = client.get(REVIEW).content.decode()
    assert "Reprisals resolution adopted by consensus" in page
    assert "Resolution on reprisals adopted" not in page


def test_a_transaction_of_many_saves_changes_the_version_once_on_commit(
    review, monkeypatch, django_capture_on_commit_callbacks
):
    changes = []
    monkeypatch.setattr(page_cache, "invalidate", lambda: changes.append("new version"))

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for highlight in Highlight.objects.filter(review=review):
            for n in range(3):
                highlight.position = n
                highlight.save()

    assert changes == ["new version"]


def test_a_write_after_a_rolled_back_savepoint_still_changes_the_version_on_commit(
    review, monkeypatch, django_capture_on_commit_callbacks
):
    changes = []
    monkeypatch.setattr(page_cache, "invalidate", lambda: changes.append("new version"))
    highlight = Highlight.objects.get(review=review)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            highlight.save()
            raise RuntimeError("rolled back to the savepoint")
        highlight.title = "Saved after the savepoint"
        highlight.save()

    assert changes == ["new version"]


def test_a_highlight_put_back_to_draft_leaves_the_page_at_once(client, review):
    client.get(REVIEW)
    highlight = Highlight.objects.get(review=review)
    highlight.state = PublicationState.DRAFT
    highlight.save()

    assert "Resolution on reprisals adopted" not in client.get(REVIEW).content.decode()


def test_a_scheduled_highlight_appears_at_its_time_without_any_write(
    client, review, make_highlight, monkeypatch
):
    now = timezone.now().replace(microsecond=0)
    make_highlight(review, title="Mandate renewed at noon", publish_at=now + timedelta(hours=2))
    settled()
    freeze(monkeypatch, now)
    assert "Mandate renewed at noon" not in client.get(REVIEW).content.decode()
    assert client.get(REVIEW)["X-Page-Cache"] == "hit"

    freeze(monkeypatch, now + timedelta(hours=2))

    assert "Mandate renewed at noon" in client.get(REVIEW).content.decode()


def test_the_apply_button_goes_at_the_second_the_call_closes(
    client, make_programme, make_edition, monkeypatch
):
    now = timezone.now().replace(microsecond=0)
    edition = make_edition(
        make_programme("hrdap"),
        2027,
        call_opens=now - timedelta(days=30),
        call_closes=now + timedelta(minutes=5),
    )
    settled()
    url = edition.get_absolute_url()
    freeze(monkeypatch, now)
    assert "Apply now" in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"

    freeze(monkeypatch, now + timedelta(minutes=5))

    assert "Apply now" not in client.get(url).content.decode()


def test_a_selection_changes_the_review_figures_at_the_next_request(
    client, review, make_programme, make_edition, make_application, django_user_model
):
    edition = make_edition(make_programme("hrdap"), 2024, places=16)
    applications = [make_application(edition, status=Status.SHORTLISTED) for _ in range(3)]
    KeyFigure.objects.create(
        review=review,
        source="selected-of-applicants",
        edition=edition,
        label="applicants chosen",
        position=1,
    )
    settled()
    client.get(REVIEW)
    manager = django_user_model.objects.create_user("manager", "manager@example.org")

    # A bulk update, which sends no signal: the service says so itself.
    services.change_status(application=applications[0], to=Status.SELECTED, by=manager)

    assert "1 of 3" in client.get(REVIEW).content.decode()


def test_a_deleted_highlight_leaves_the_page_at_once(client, review):
    client.get(REVIEW)
    Highlight.objects.filter(review=review).delete()

    assert "Resolution on reprisals adopted" not in client.get(REVIEW).content.decode()


def test_a_theme_added_to_a_highlight_shows_at_the_next_request(client, review, make_theme):
    highlight = Highlight.objects.get(review=review)
    client.get(highlight.get_absolute_url())

    highlight.themes.add(make_theme("Sexual orientation and gender identity"))

    page = client.get(highlight.get_absolute_url()).content.decode()
    assert "Sexual orientation and gender identity" in page


@pytest.mark.django_db(transaction=True)
def test_a_page_rendered_while_a_write_was_uncommitted_is_not_served_after_the_commit(
    client, review
):
    client.get(REVIEW)
    with transaction.atomic():
        highlight = Highlight.objects.get(review=review)
        highlight.title = "Title changed in a transaction"
        highlight.save()
        # A reader between the save and the commit stores a page under some state...
        client.get(REVIEW)
    # ...which the commit replaces.

    assert client.get(REVIEW)["X-Page-Cache"] == "miss"


# --- Applications and feedback: only what the review's figures show -------------------------
# The public sees applications and feedback only through the live key figures of a published
# review ("2 of 5", "75%"). A write that leaves every such figure as it was must not change
# the page cache: an outsider timing the pages would learn when applications arrive.


def figures(client) -> list[tuple[str, str]]:
    return shown_figures(client.get(REVIEW).content.decode())


@pytest.fixture
def counted(client, review, make_programme, make_edition, make_application):
    """HRDAP 2024, whose five applications (two selected) and four feedback responses (three
    satisfied) the published 2024 review shows as "2 of 5" and "75%"; the page is stored.
    A theme applicants may pick exists."""
    Theme.objects.create(name="Reprisals", slug="reprisals")
    edition = make_edition(make_programme("hrdap"), 2024, places=16)
    statuses = [Status.SELECTED, Status.SELECTED, Status.SHORTLISTED, Status.SUBMITTED]
    for status in [*statuses, Status.SUBMITTED]:
        make_application(edition, status=status)
    FeedbackResponse.objects.bulk_create(
        FeedbackResponse(edition=edition, satisfaction=satisfaction)
        for satisfaction in (Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED)
        + (Satisfaction.SATISFIED, Satisfaction.NEUTRAL)
    )
    for position, source, label in [
        (1, FigureSource.SELECTED_OF_APPLICANTS, "applicants chosen"),
        (2, FigureSource.SATISFIED, "satisfied"),
    ]:
        KeyFigure.objects.create(
            review=review, source=source, edition=edition, label=label, position=position
        )
    settled()
    assert figures(client) == [("2 of 5", "applicants chosen"), ("75%", "satisfied")]
    return edition


@pytest.fixture
def state_before(client, counted):
    """The page cache's state while the review is stored; a test compares it after a write."""
    assert client.get(REVIEW)["X-Page-Cache"] == "hit"
    return cache.get(page_cache.STATE_KEY)


def assert_untouched(client, state) -> None:
    assert cache.get(page_cache.STATE_KEY) == state
    assert client.get(REVIEW)["X-Page-Cache"] == "hit"


@pytest.fixture
def manager(django_user_model):
    return django_user_model.objects.create_user("manager", "manager@example.org")


def test_a_new_application_counted_by_the_review_shows_at_the_next_request(
    client, counted, state_before, make_application
):
    make_application(counted)

    assert cache.get(page_cache.STATE_KEY) != state_before
    assert figures(client)[0] == ("2 of 6", "applicants chosen")


def test_a_deleted_application_counted_by_the_review_leaves_it_at_the_next_request(
    client, counted, state_before, manager
):
    # Staff delete an application by erasing it (programmes.retention).
    erased = counted.applications.filter(status=Status.SUBMITTED).first()
    retention.erase_applicants(applications=[erased], by=manager)

    assert figures(client)[0] == ("2 of 4", "applicants chosen")


def test_a_selection_taken_back_shows_at_the_next_request(client, counted, state_before, manager):
    selected = counted.applications.filter(status=Status.SELECTED).first()

    services.change_status(application=selected, to=Status.SHORTLISTED, by=manager)

    assert figures(client)[0] == ("1 of 5", "applicants chosen")


def test_an_application_to_an_edition_no_published_figure_counts_leaves_the_cache(
    client, counted, make_review, make_edition, make_application
):
    other = make_edition(counted.programme, 2025)
    KeyFigure.objects.create(  # on a review still in draft: nobody sees it
        review=make_review(2025, state=PublicationState.DRAFT),
        source=FigureSource.APPLICANTS,
        edition=other,
        label="applications",
    )
    client.get(REVIEW)
    state = cache.get(page_cache.STATE_KEY)

    make_application(other, themes=[Theme.objects.get(slug="reprisals")])

    assert_untouched(client, state)


def test_an_application_edited_by_a_manager_leaves_the_cache(client, counted, state_before):
    application = counted.applications.first()
    application.organisation = "A network renamed"
    application.save()
    application.themes.add(Theme.objects.get(slug="reprisals"))

    assert_untouched(client, state_before)


def test_a_status_change_the_figures_do_not_count_leaves_the_cache(
    client, counted, state_before, manager
):
    submitted = list(counted.applications.filter(status=Status.SUBMITTED))

    services.change_statuses(applications=submitted, to=Status.SHORTLISTED, by=manager)

    assert_untouched(client, state_before)


def test_an_assigned_reviewer_and_their_review_leave_the_cache(
    client, counted, state_before, manager
):
    application = counted.applications.first()
    services.assign_reviewers(applications=[application], reviewers=[manager], by=manager)

    services.save_review(
        review=application.reviews.get(), scores={}, comment="Strong case.", submit=False
    )

    assert_untouched(client, state_before)


def test_feedback_that_changes_the_percentage_shows_at_the_next_request(
    client, counted, state_before
):
    FeedbackResponse.objects.create(edition=counted, satisfaction=Satisfaction.DISSATISFIED)

    assert figures(client)[1] == ("60%", "satisfied")


def test_feedback_edited_without_changing_what_is_counted_leaves_the_cache(
    client, counted, state_before
):
    neutral = counted.feedback.get(satisfaction=Satisfaction.NEUTRAL)
    neutral.satisfaction = Satisfaction.DISSATISFIED
    neutral.comment = "The sessions ran late."
    neutral.save()

    assert_untouched(client, state_before)


def test_a_selected_count_appears_with_the_first_application_then_ignores_the_others(
    client, review, make_programme, make_edition, make_application
):
    edition = make_edition(make_programme("whrd"), 2024)
    KeyFigure.objects.create(
        review=review, source=FigureSource.SELECTED, edition=edition, label="selected"
    )
    settled()
    assert figures(client) == []

    make_application(edition)
    assert figures(client) == [("0", "selected")]
    state = cache.get(page_cache.STATE_KEY)

    make_application(edition)

    assert_untouched(client, state)


# --- One address per page: only that one is stored --------------------------------------------


@pytest.mark.parametrize(
    ("asked", "sent_to"),
    [
        ("/impact/02024/", "/impact/2024/"),
        ("/impact/0002024/pdf/", "/impact/2024/pdf/"),
        ("/fr/impact/02024/reprisals/", "/fr/impact/2024/reprisals/"),
        ("/impact/02024/?kind=resolution", "/impact/2024/?kind=resolution"),
        ("/impact/2024/?theme=&kind=resolution&country=", "/impact/2024/?kind=resolution"),
        ("/impact/2024/?kind=&country=&theme=", "/impact/2024/"),
        ("/impact/2024/?kind=%72esolution", "/impact/2024/?kind=resolution"),
    ],
)
def test_an_address_written_another_way_is_sent_to_the_one_the_site_writes(
    client, review, asked, sent_to
):
    response = client.get(asked)

    assert response.status_code == 301
    assert response["Location"] == sent_to


def test_a_page_sent_to_its_address_is_stored_there_once(client, review):
    client.get("/impact/02024/", follow=True)

    assert client.get("/impact/000002024/", follow=True)["X-Page-Cache"] == "hit"


def test_a_filter_given_twice_is_rendered_as_django_reads_it_but_not_stored(
    client, review, make_highlight
):
    make_highlight(review, kind=Highlight.Kind.CAMPAIGN, title="A campaign that won")
    url = f"{REVIEW}?kind=resolution&kind=campaign"
    client.get(url)

    again = client.get(url)

    assert "A campaign that won" in again.content.decode()  # the last value counts
    assert "X-Page-Cache" not in again


@pytest.mark.parametrize("host", ["TESTSERVER", "testserver.", "TestServer:80"])
def test_the_site_host_written_another_way_gets_the_one_stored_page(client, review, host):
    client.get(REVIEW)

    assert client.get(REVIEW, HTTP_HOST=host)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("host", ["old-name.example", "testserver:8000"])
def test_a_page_asked_through_another_host_is_not_stored_but_gets_the_stored_one(
    client, review, settings, host
):
    settings.ALLOWED_HOSTS = ["old-name.example", "testserver"]
    client.get(REVIEW, HTTP_HOST=host)
    assert "X-Page-Cache" not in client.get(REVIEW, HTTP_HOST=host)

    client.get(REVIEW)

    assert client.get(REVIEW, HTTP_HOST=host)["X-Page-Cache"] == "hit"


def test_a_host_the_site_does_not_answer_is_refused_even_for_a_stored_page(client, review):
    client.get(REVIEW)

    assert client.get(REVIEW, HTTP_HOST="attacker.example").status_code == 400


def spelled(n: int) -> str:
    """The site's host in one of its other spellings: upper and lower case as the bits of
    `n` say, and a trailing dot or the default port."""
    name = "".join(c.upper() if n >> i & 1 else c for i, c in enumerate("testserver"))
    return name + ["", ".", ":80"][n % 3]


def encoded(value: str, n: int) -> str:
    """`value` with the letters the bits of `n` pick percent-encoded."""
    return "".join(f"%{ord(c):02X}" if n >> i & 1 else c for i, c in enumerate(value))


def non_canonical_addresses(highlight) -> list[tuple[str, str]]:
    """300 distinct (host, address) pairs for pages the site stores at one address each:
    leading zeros, a filter given twice, parameters no page reads, the host spelled another
    way, blank or percent-encoded filters, and all of these mixed."""
    pages = [REVIEW, highlight.get_absolute_url(), f"{REVIEW}pdf/"]
    asked = []
    for n in range(1, 51):
        page = pages[n % 3]
        zeros = page.replace("/2024/", "/" + "0" * n + "2024/")
        asked += [
            ("testserver", zeros),
            ("testserver", f"{REVIEW}?kind=junk{n}&kind=resolution"),
            ("testserver", f"{page}?utm_source=newsletter-{n}"),
            (spelled(n), page),
            ("testserver", f"{REVIEW}?country=&kind={encoded('resolution', n)}&theme="),
            (spelled(n), zeros + ("?theme=&kind=resolution" if page == REVIEW else "")),
        ]
    assert len(set(asked)) == 300
    return asked


@pytest.fixture
def redis_keys():
    """The shared cache in Redis (as production), under a key prefix of this test's own, and
    a function that counts the keys stored under it (SCAN): what is stored, not what was
    asked to be. Needs Redis on 127.0.0.1:6379, as CI has."""
    location = REDIS["default"]["LOCATION"]
    prefix = f"ishr-tests-{uuid.uuid4().hex[:12]}"
    server = redis.Redis.from_url(location)

    def stored() -> int:
        return sum(1 for _key in server.scan_iter(match=f"{prefix}:*", count=1000))

    with override_settings(CACHES={"default": {**REDIS["default"], "KEY_PREFIX": prefix}}):
        try:
            server.ping()
        except redis.RedisError as error:
            pytest.fail(f"Redis is needed on 127.0.0.1:6379 for this test: {error}")
        yield stored
        keys = list(server.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            server.delete(*keys)


def test_300_addresses_written_other_ways_store_no_more_pages(client, review, redis_keys):
    highlight = Highlight.objects.get(review=review)
    for page in (REVIEW, f"{REVIEW}?kind=resolution", highlight.get_absolute_url()):
        assert client.get(page)["X-Page-Cache"] == "miss"
    assert client.get(f"{REVIEW}pdf/").status_code == 200
    before = redis_keys()

    answers = {
        client.get(address, HTTP_HOST=host).status_code
        for host, address in non_canonical_addresses(highlight)
    }

    added = redis_keys() - before
    assert answers <= {200, 301, 302}
    assert added <= 3, f"300 other addresses of 4 stored pages added {added} cache entries"


# --- What is never stored ---------------------------------------------------------------------


@pytest.mark.parametrize("used", [False, True])
def test_a_page_that_used_the_csp_nonce_is_not_stored(rf, used):
    request = rf.get(REVIEW)
    response = HttpResponse("<p>A page</p>")
    response.public_page = True

    def view(request):
        if used:
            str(request.csp_nonce)  # as `{{ request.csp_nonce }}` in a template
        return response

    CSPMiddleware(view)(request)

    assert page_cache._storable(request, response) is not used


def test_the_application_form_is_never_stored(client, make_programme, make_edition):
    now = timezone.now()
    edition = make_edition(
        make_programme("hrdap"),
        2027,
        call_opens=now - timedelta(days=1),
        call_closes=now + timedelta(days=30),
    )
    url = edition.get_apply_url()
    first = client.get(url)
    second = client.get(url)

    assert "X-Page-Cache" not in second
    # Each form carries its own one-time token.
    assert first.context["form"]["submission_token"].value() != (
        second.context["form"]["submission_token"].value()
    )


def test_a_query_string_the_page_does_not_read_is_rendered_but_not_stored(client, review):
    client.get(f"{REVIEW}?utm_source=newsletter")

    assert client.get(f"{REVIEW}?utm_source=newsletter").get("X-Page-Cache") != "hit"


def test_a_filter_value_outside_the_choices_is_not_stored(client, review):
    client.get(f"{REVIEW}?country=ZZ")

    assert client.get(f"{REVIEW}?country=ZZ").get("X-Page-Cache") != "hit"


def test_a_head_request_gets_the_headers_of_the_stored_page_and_no_body(client, review):
    page = client.get(REVIEW)

    head = client.head(REVIEW)

    assert head["X-Page-Cache"] == "hit"
    assert head.content == b""
    assert head["Content-Length"] == str(len(page.content))


def test_a_plain_http_request_is_redirected_not_served_the_page_stored_for_https(
    client, review, settings
):
    settings.SECURE_SSL_REDIRECT = True
    stored = client.get(REVIEW, secure=True)
    assert client.get(REVIEW, secure=True)["X-Page-Cache"] == "hit"

    plain = client.get(REVIEW)

    assert stored.has_header("Strict-Transport-Security")
    assert plain.status_code == 301
    assert plain["Location"] == f"https://testserver{REVIEW}"


def test_the_cache_can_be_turned_off(client, review, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(REVIEW)

    assert "X-Page-Cache" not in client.get(REVIEW)


# --- Resilience and configuration -------------------------------------------------------------


def test_a_stored_page_is_still_served_while_the_database_is_down(client, review, database_down):
    client.get(REVIEW)

    with database_down():
        response = client.get(REVIEW)

    assert response.status_code == 200
    assert "Resolution on reprisals adopted" in response.content.decode()


def test_a_page_not_stored_answers_503_while_the_database_is_down(client, review, database_down):
    with database_down():
        response = client.get(REVIEW)

    assert response.status_code == 503


def test_a_new_release_does_not_serve_the_previous_releases_pages(client, review, monkeypatch):
    client.get(REVIEW)
    monkeypatch.setattr(page_cache, "release", lambda: "next-release")

    assert client.get(REVIEW)["X-Page-Cache"] == "miss"


def test_the_deploy_check_asks_for_a_shared_cache(settings):
    settings.REDIS_URL = ""
    assert [message.id for message in shared_cache_check(None)] == ["ishr_site.W001"]

    settings.REDIS_URL = "redis://cache.internal:6379/0"
    assert shared_cache_check(None) == []


def test_the_deploy_check_warns_when_the_site_address_is_not_an_allowed_host(settings):
    settings.SITE_URL = "https://impact.ishr.example"
    settings.ALLOWED_HOSTS = ["www.ishr.example"]
    assert [message.id for message in site_url_check(None)] == ["ishr_site.W002"]

    settings.ALLOWED_HOSTS = ["www.ishr.example", ".ishr.example"]
    assert site_url_check(None) == []


REDIS = {
    "default": {
        "BACKEND": "ishr_site.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/14",
        "KEY_PREFIX": "ishr-tests",
    }
}


@pytest.fixture
def redis_cache():
    """The shared cache production uses; needs Redis on 127.0.0.1:6379 (as CI has)."""
    with override_settings(CACHES=REDIS):
        try:
            cache.clear()
        except Exception as error:
            pytest.fail(f"Redis is needed on 127.0.0.1:6379 for this test: {error}")
        yield
        cache.clear()


def test_with_redis_pages_are_stored_and_emptied_by_a_save(client, review, redis_cache):
    client.get(REVIEW)
    page_cache.local_pages.pages.clear()  # as another worker: only Redis has the page
    assert client.get(REVIEW)["X-Page-Cache"] == "hit"
    highlight = Highlight.objects.get(review=review)
    highlight.title = "Stored in Redis, emptied by a save"
    highlight.save()

    assert "Stored in Redis, emptied by a save" in client.get(REVIEW).content.decode()
