"""Passkeys in a real browser: Chromium's virtual authenticator (Chrome DevTools Protocol,
`WebAuthn.addVirtualAuthenticator`) stands in for a phone or a security key, and
django-otp-webauthn's own scripts do the ceremonies."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from tests.test_two_factor import code_for

from .conftest import assert_no_axe_violations
from .test_admin_publish import PASSWORD
from .test_staff_guide import shot  # the pictures of docs/staff-guide.md, "Signing in"

ADMIN_HOME = "Impact review and programmes"


@pytest.fixture(autouse=True)
def _passkeys_for_the_live_server(settings, site_server):
    """Two-step sign-in on, and the live server as the passkeys' relying party: what settings.py
    derives from SITE_URL, derived here from the live server's address (localhost: browsers
    refuse an IP address as the relying party)."""
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    settings.OTP_WEBAUTHN_RP_ID = urlsplit(site_server.url).hostname
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [site_server.url]


def with_authenticator(page):
    """A platform authenticator that says yes at once, as a phone would after a fingerprint."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return page


def give_password(page, username):
    page.goto(reverse("admin:index"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Logged out")).to_be_visible()


def test_a_passkey_added_on_sign_in_security_signs_in_and_a_recovery_code_works_once(
    new_page, live_server, transactional_db
):
    maria = User.objects.create_superuser("maria", "maria@ishr.example", PASSWORD)
    app = TOTPDevice.objects.create(user=maria, name="phone", confirmed=True)
    page = with_authenticator(new_page("desktop"))

    # The app set up before passkeys existed still signs in.
    give_password(page, "maria")
    expect(page.get_by_role("heading", name="Two-step sign-in")).to_be_visible()
    page.get_by_label("Code from your authenticator app").fill(code_for(app))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=ADMIN_HOME)).to_be_visible()

    page.get_by_role("link", name="Sign-in security").click()
    expect(page.get_by_role("heading", name="Sign-in security")).to_be_visible()
    expect(page.get_by_text("You have no passkey yet.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.locator(".messagelist")).to_contain_text("Passkey added.")
    expect(page.get_by_role("table", name="Your passkeys")).to_contain_text("Passkey 1")
    assert WebAuthnCredential.objects.filter(user=maria, confirmed=True).count() == 1
    assert_no_axe_violations(page)
    shot(page, "sign-in-security")

    page.get_by_role("link", name="Make new recovery codes").click()
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(page.get_by_text("this is the only time they are shown")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_no_axe_violations(page)
    shot(page, "recovery-codes")
    page.get_by_role("link", name="I have saved my codes").click()
    log_out(page)

    # Password, then the passkey.
    give_password(page, "maria")
    expect(page.get_by_role("heading", name="Use your passkey")).to_be_visible()
    assert_no_axe_violations(page)
    shot(page, "two-step-sign-in")
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("heading", name=ADMIN_HOME)).to_be_visible()
    log_out(page)

    # Password, then a recovery code: once.
    for attempt in ("first", "second"):
        give_password(page, "maria")
        page.get_by_text("Use a recovery code").click()
        page.get_by_label("Recovery code").fill(codes[0])
        page.locator(".recovery-code").get_by_role("button", name="Continue").click()
        if attempt == "first":
            expect(page.get_by_role("heading", name=ADMIN_HOME)).to_be_visible()
            expect(page.locator(".messagelist")).to_contain_text("9 codes are left")
            log_out(page)
    refused = "That recovery code is not right, or was used already."
    expect(page.get_by_text(refused)).to_be_visible()
    expect(page.get_by_label("Recovery code")).to_have_value(codes[0])  # kept as typed
    assert_no_axe_violations(page)


def test_a_new_staff_member_starts_with_a_passkey_then_makes_recovery_codes(
    new_page, live_server, transactional_db
):
    User.objects.create_superuser("ana", "ana@ishr.example", PASSWORD)
    page = with_authenticator(new_page("desktop"))

    give_password(page, "ana")
    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    assert_no_axe_violations(page)
    shot(page, "two-step-set-up")
    page.get_by_role("button", name="Add a passkey").click()

    expect(page.get_by_text("Your two-step sign-in is set up.")).to_be_visible()
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(page.locator(".recovery-codes code")).to_have_count(10)
    page.get_by_role("link", name="I have saved my codes").click()
    expect(page.get_by_role("heading", name=ADMIN_HOME)).to_be_visible()
    # No app was set up on the way: the unused one the page offered is not a second step.
    assert not TOTPDevice.objects.filter(user__username="ana", confirmed=True).exists()
