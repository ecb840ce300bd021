"""Robots and floods on the application form: a honeypot, and limits per client address.

Whatever is refused is answered without storing anything (no application, no draft, no file)
and without mail, and the typed answers are given back. The rate-limit counters live in the
cache, which tests/conftest.py empties before each test.
"""

import math
import re

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from core.http import client_ip
from ishr_site.settings import env_rate, meta_key
from programmes import drafts
from programmes.models import Application, ApplicationDraft
from tests.programmes.test_apply import APPLY, answers, form_token, page, save_draft, submit

pytestmark = pytest.mark.usefixtures("frozen_now")

NEUTRAL = "We could not accept this form. Please try again."
TOO_MANY = "Too many forms from this connection"


@pytest.fixture
def edition(open_2027, make_theme):
    """The open call of test_apply.py, whose answers name one of these themes."""
    open_2027.themes.set([make_theme("Racial justice"), make_theme("Democratic backsliding")])
    return open_2027


def stored_files(settings) -> list:
    root = settings.PRIVATE_MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def post_from(client, edition, address: str, **overrides):
    """A complete application sent from another client address."""
    data = answers(edition, **overrides)
    data["submission_token"] = form_token(client)
    return client.post(APPLY, data, REMOTE_ADDR=address)


def fill_the_limit(client, edition, count: int) -> None:
    for n in range(count):
        assert submit(client, edition, email=f"applicant{n}@example.org").status_code == 302


# --- The honeypot ---------------------------------------------------------------------------


def test_the_honeypot_is_hidden_from_sight_screen_readers_and_the_tab_order(client, edition):
    html = page(client.get(APPLY))
    wrapper = re.search(
        r'<div\s+class="form-trap"\s+aria-hidden="true">(.*?)</div>\s*</div>', html, re.S
    )
    assert wrapper, "the honeypot's wrapper is missing or not hidden from screen readers"
    field = re.search(r'<input[^>]*name="website"[^>]*>', wrapper.group(1)).group(0)
    assert 'tabindex="-1"' in field and 'autocomplete="off"' in field
    assert "Leave this field empty." in wrapper.group(1)
    assert "style=" not in wrapper.group(0)  # no inline style: the CSP allows none


def test_a_filled_honeypot_stores_nothing_sends_nothing_and_keeps_the_answers(
    client, edition, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, edition, website="https://cheap-pills.example")
    html = page(response)
    assert response.status_code == 400
    assert NEUTRAL in html
    assert 'value="Amina Diallo"' in html
    assert 'value="amina@example.org"' in html
    assert "We pressed parliament to repeal a law on associations." in html
    assert "cheap-pills" not in html  # the field comes back empty, to be sent as it is
    assert not Application.objects.exists()
    assert not ApplicationDraft.objects.exists()
    assert stored_files(settings) == []
    assert mail.outbox == []


def test_a_filled_honeypot_on_save_and_continue_later_stores_no_draft(
    client, edition, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = save_draft(client, edition, website="https://cheap-pills.example")
    html = page(response)
    assert response.status_code == 400
    assert NEUTRAL in html
    assert "Half an answer" in html
    assert not ApplicationDraft.objects.exists()
    assert stored_files(settings) == []
    assert mail.outbox == []


def test_a_filled_honeypot_is_logged_without_personal_data(client, edition, caplog):
    submit(client, edition, website="https://cheap-pills.example")
    assert "anti-spam field" in caplog.text
    for personal in ("Amina", "amina@example.org", "127.0.0.1", "cheap-pills"):
        assert personal not in caplog.text


def test_an_empty_honeypot_lets_the_application_through(client, edition):
    response = submit(client, edition, website="")
    assert response["Location"] == "/programmes/hrdap/2027/apply/done/"
    assert Application.objects.get().email == "amina@example.org"


def test_a_person_whose_browser_filled_the_honeypot_can_send_the_form_again(client, edition):
    token = form_token(client)
    refused = submit(client, edition, token=token, website="Amina Diallo")
    assert refused.status_code == 400
    field = re.search(r'<input[^>]*name="website"[^>]*>', page(refused)).group(0)
    assert "value=" not in field  # it comes back empty, so sending again goes through
    response = submit(client, edition, token=token)
    assert response.status_code == 302
    assert Application.objects.count() == 1


# --- Submissions per address ----------------------------------------------------------------


def test_the_submission_after_the_limit_is_refused_with_429_and_nothing_stored(
    client, edition, settings, django_capture_on_commit_callbacks
):
    fill_the_limit(client, edition, 10)  # the default: 10 an hour
    files_before = stored_files(settings)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, edition, email="eleventh@example.org", full_name="Eleventh")
    html = page(response)
    assert response.status_code == 429
    assert TOO_MANY in html
    assert "Your application was not sent." in html
    assert "Nothing from this attempt was kept." in html
    assert Application.objects.count() == 10
    assert not Application.objects.filter(email="eleventh@example.org").exists()
    assert stored_files(settings) == files_before
    assert mail.outbox == []


def test_the_refusal_says_when_to_try_again_and_gives_the_answers_back(client, edition, settings):
    settings.APPLY_RATE = "1/h"
    fill_the_limit(client, edition, 1)
    response = submit(client, edition, email="second@example.org", full_name="Kofi Mensah")
    html = page(response)
    wait = int(response["Retry-After"])
    assert 1 <= wait <= 3600
    minutes = math.ceil(wait / 60)
    when = "in a minute" if minutes == 1 else f"in {minutes} minutes"
    assert f"Please try again {when}." in html
    assert "What you typed" in html
    assert '<dd class="text-prewrap">Kofi Mensah</dd>' in html
    assert "second@example.org" in html
    assert "We pressed parliament to repeal a law on associations." in html
    assert "Senegal" in html
    assert "<form" not in html.split("<main", 1)[-1]  # read-only: nothing to send again


def test_another_address_is_not_limited(client, edition, settings):
    settings.APPLY_RATE = "1/h"
    fill_the_limit(client, edition, 1)
    assert submit(client, edition, email="b@example.org").status_code == 429
    response = post_from(client, edition, "203.0.113.7", email="c@example.org")
    assert response.status_code == 302
    assert Application.objects.filter(email="c@example.org").exists()


def test_the_form_page_itself_is_never_limited(client, edition, settings):
    settings.APPLY_RATE = "1/h"
    fill_the_limit(client, edition, 1)
    assert submit(client, edition, email="b@example.org").status_code == 429
    for _ in range(30):
        response = client.get(APPLY)
        assert response.status_code == 200
        assert 'name="submission_token"' in page(response)


def test_a_double_click_on_the_last_allowed_submission_is_answered_as_the_first(
    client, edition, settings
):
    settings.APPLY_RATE = "2/h"
    fill_the_limit(client, edition, 1)
    token = form_token(client)
    first = submit(client, edition, token=token)
    second = submit(client, edition, token=token)  # over the limit, but the same form
    assert first["Location"] == second["Location"] == "/programmes/hrdap/2027/apply/done/"
    assert Application.objects.filter(email="amina@example.org").count() == 1
    assert submit(client, edition, email="new@example.org").status_code == 429


def test_a_form_let_through_once_cannot_be_sent_again_without_end(client, edition, settings):
    settings.APPLY_RATE = "1/h"
    token = form_token(client)
    statuses = [submit(client, edition, token=token).status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert Application.objects.count() == 1


def test_a_form_over_the_limit_from_a_saved_draft_says_the_draft_is_unchanged(
    client, edition, settings
):
    settings.APPLY_RATE = "1/h"
    draft = ApplicationDraft.objects.create(edition=edition, email="amina@example.org")
    fill_the_limit(client, edition, 1)
    response = submit(client, edition, draft=drafts.sign(draft))
    assert response.status_code == 429
    assert "The draft you saved before is unchanged" in page(response)
    assert ApplicationDraft.objects.get() == draft


# --- Drafts per address ---------------------------------------------------------------------


def test_saving_drafts_does_not_use_up_the_submissions(client, edition, settings):
    settings.APPLY_RATE = "1/h"
    for n in range(3):
        assert save_draft(client, edition, email=f"draft{n}@example.org").status_code == 302
    assert submit(client, edition).status_code == 302


def test_submissions_do_not_use_up_the_draft_saves(client, edition, settings):
    settings.DRAFT_RATE = "1/h"
    fill_the_limit(client, edition, 3)
    assert save_draft(client, edition, email="draft@example.org").status_code == 302


def test_the_draft_save_after_the_limit_is_refused_and_stores_nothing(
    client, edition, settings, django_capture_on_commit_callbacks
):
    settings.DRAFT_RATE = "2/h"
    for n in range(2):
        assert save_draft(client, edition, email=f"draft{n}@example.org").status_code == 302
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = save_draft(client, edition, email="third@example.org")
    html = page(response)
    assert response.status_code == 429
    assert "Retry-After" in response
    assert "Your answers were not saved." in html
    assert "Half an answer" in html
    assert ApplicationDraft.objects.count() == 2
    assert not ApplicationDraft.objects.filter(email="third@example.org").exists()
    assert mail.outbox == []


def test_deleting_a_draft_over_the_limit_keeps_it_and_says_so(client, edition, settings):
    settings.DRAFT_RATE = "1/h"
    draft = ApplicationDraft.objects.create(edition=edition, email="amina@example.org")
    client.post(APPLY + "draft/MQ:forged:signature/delete/")
    response = client.post(f"{APPLY}draft/{drafts.sign(draft)}/delete/")
    assert response.status_code == 429
    assert "Your draft was not deleted yet." in page(response)
    assert ApplicationDraft.objects.filter(pk=draft.pk).exists()


# --- The client's address behind the proxy --------------------------------------------------


def test_behind_a_proxy_the_address_comes_from_its_header(client, edition, settings):
    settings.APPLY_RATE = "1/h"
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"

    def post(email, address):
        data = {**answers(edition, email=email), "submission_token": form_token(client)}
        return client.post(APPLY, data, HTTP_X_REAL_IP=address)  # REMOTE_ADDR stays 127.0.0.1

    assert post("a@example.org", "198.51.100.1").status_code == 302
    assert post("b@example.org", "198.51.100.2").status_code == 302
    assert post("c@example.org", "198.51.100.1").status_code == 429


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({}, "10.0.0.9"),  # no header: the connection's address
        ({"HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "198.51.100.1"),
        # The client wrote the first address; the proxy added the last one.
        ({"HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.1"}, "198.51.100.1"),
        ({"HTTP_X_FORWARDED_FOR": "not an address"}, "10.0.0.9"),
        ({"HTTP_X_FORWARDED_FOR": "2001:db8::1"}, "2001:db8::1"),
    ],
)
def test_the_client_address_is_the_one_the_proxy_wrote(settings, meta, expected):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = RequestFactory().post(APPLY, REMOTE_ADDR="10.0.0.9", **meta)
    assert client_ip(request) == expected


def test_without_a_proxy_header_setting_the_connections_address_counts(settings):
    settings.CLIENT_IP_HEADER = ""
    request = RequestFactory().post(APPLY, REMOTE_ADDR="10.0.0.9", HTTP_X_REAL_IP="6.6.6.6")
    assert client_ip(request) == "10.0.0.9"


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("X-Real-IP", "HTTP_X_REAL_IP"),
        ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_FOR"),
        ("REMOTE_ADDR", "REMOTE_ADDR"),
        ("", ""),
    ],
)
def test_the_proxy_header_may_be_named_as_sent_or_as_django_names_it(header, key):
    assert meta_key(header) == key


def test_a_rate_that_cannot_be_read_stops_the_site_at_start(monkeypatch):
    monkeypatch.setenv("APPLY_RATE", "ten an hour")
    with pytest.raises(ImproperlyConfigured, match="APPLY_RATE"):
        env_rate("APPLY_RATE", "10/h")
    monkeypatch.setenv("APPLY_RATE", "30/15m")
    assert env_rate("APPLY_RATE", "10/h") == "30/15m"
