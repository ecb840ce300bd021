"""A staff member sets up two-step sign-in in the browser, then signs in with a code."""

from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.test_two_factor import code_for

from .conftest import assert_no_axe_violations
from .test_admin_publish import PASSWORD


def test_a_new_staff_member_sets_up_the_app_then_signs_in_with_a_code(
    new_page, live_server, transactional_db, settings
):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    User.objects.create_superuser("maria", "maria@ishr.example", PASSWORD)

    page = new_page("phone")
    page.goto(reverse("admin:index"))
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    expect(page.get_by_role("img", name="QR code to add this account")).to_be_visible()
    assert_no_axe_violations(page)
    device = TOTPDevice.objects.get(user__username="maria")  # what the phone would hold
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    # Then the recovery codes are offered, and can wait.
    expect(page.get_by_text("Your two-step sign-in is set up.")).to_be_visible()
    page.get_by_role("link", name="Not now").click()
    expect(page.get_by_role("heading", name="Impact review and programmes")).to_be_visible()

    # Signing in again asks for the code only.
    page.context.clear_cookies()
    page.goto(reverse("admin:index"))
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Two-step sign-in")).to_be_visible()
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That code is not right, or has expired.")).to_be_visible()
    assert_no_axe_violations(page)
