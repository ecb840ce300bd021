"""A reader abroad sees an open call's deadline in Geneva time and in their own time."""

from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programmes.models import Edition


@pytest.fixture
def demo(shared_demo):
    """These tests only read the demo content: the one loaded once for the session."""
    return shared_demo


def test_open_call_deadline_is_shown_in_geneva_time_and_the_readers_own(
    browser, site_server, demo
):
    edition = Edition.objects.open_calls().select_related("programme").get()
    context = browser.new_context(
        base_url=site_server.url, timezone_id="America/New_York", locale="en-US"
    )
    page = context.new_page()
    page.goto(reverse("home"))
    page.get_by_role("link", name=f"Read the {edition.programme.short_name} call").click()

    geneva = edition.call_closes.astimezone(ZoneInfo("Europe/Zurich"))
    new_york = edition.call_closes.astimezone(ZoneInfo("America/New_York"))
    status = page.locator(".call-status")
    expect(status).to_contain_text(
        f"{geneva:%H:%M} Geneva time ({geneva:%Z}) on {geneva.day} {geneva:%B %Y}"
    )
    # The script adds the same instant in the reader's time zone, after the Geneva one.
    # in the same style: the time, the zone as the reader's browser names it, the date.
    local = status.locator(".local-time")
    expect(local).to_have_text(
        f" (your local time: {new_york:%H:%M} ({new_york:%Z}) on {new_york.day} {new_york:%B %Y})"
    )
    # The note sits in the sentence, before its full stop.
    expect(status).to_contain_text(f"{new_york:%B %Y}).")
    context.close()


def test_without_javascript_the_deadline_stays_in_geneva_time_only(browser, site_server, demo):
    edition = Edition.objects.open_calls().select_related("programme").get()
    context = browser.new_context(base_url=site_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(edition.programme.get_absolute_url())
    expect(page.locator(".call-status")).to_contain_text("Geneva time (CET)")
    expect(page.locator(".local-time").first).not_to_be_visible()
    box = page.locator(".local-time").first.bounding_box()
    assert box is None, "the room kept for the local time takes space without JavaScript"
    context.close()


def test_a_reader_in_geneva_gets_no_second_time_and_no_gap(browser, site_server, demo):
    edition = Edition.objects.open_calls().select_related("programme").get()
    context = browser.new_context(base_url=site_server.url, timezone_id="Europe/Zurich")
    page = context.new_page()
    page.goto(edition.programme.get_absolute_url())
    status = page.locator(".call-status")
    expect(status).to_contain_text("Geneva time (CET)")
    # The room kept for a local time is gone: the full stop follows the Geneva time.
    expect(page.locator(".local-time")).to_have_count(0)
    expect(status).to_contain_text(f"{edition.call_closes.year}.")
    context.close()
