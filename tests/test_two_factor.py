"""Two-step sign-in for staff: after the password, a code from an authenticator app or a
recovery code (passkeys: tests/browser/test_admin_passkeys.py)."""

import base64
import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from ishr_site.two_factor import make_recovery_codes

PASSWORD = "a long staff password 2026"  # a throwaway test account


@pytest.fixture(autouse=True)
def _required(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True


@pytest.fixture
def staff(db):
    return User.objects.create_superuser("maria", "maria@ishr.example", PASSWORD)


def sign_in(client):
    response = client.post(
        reverse("admin:login"),
        {"username": "maria", "password": PASSWORD, "next": reverse("admin:index")},
    )
    assert response.status_code == 302
    return response


def code_for(device: TOTPDevice) -> str:
    """The code the person's app shows now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def give_code(client, code: str, **extra):
    return client.post(reverse("two-factor"), {"method": "app", "app-code": code, **extra})


def secret_on(page: str) -> bytes:
    grouped = re.search(r'class="two-factor-secret">([A-Z2-7 ]+)<', page)[1]
    secret = grouped.replace(" ", "")
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def test_a_password_alone_opens_no_admin_page(client, staff):
    sign_in(client)
    response = client.get(reverse("admin:programmes_application_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor") + "?next=")


def test_the_first_time_the_page_sets_up_an_app_and_the_code_opens_the_admin(client, staff):
    sign_in(client)
    page = client.get(reverse("two-factor"), {"next": "/admin/impact/"}).content.decode()
    assert "Set up two-step sign-in" in page
    assert 'src="data:image/svg+xml;base64,' in page  # the QR code, with no inline markup
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert secret_on(page) == device.bin_key  # the typed key is the scanned one

    response = give_code(client, code_for(device), next="/admin/impact/")

    # Next, the recovery codes, and from there where the person was going.
    recovery_page = reverse("sign-in-security-recovery-codes") + "?next=/admin/impact/"
    assert response.status_code == 302 and response["Location"] == recovery_page
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_code_is_refused_with_a_reason(client, staff):
    sign_in(client)
    client.get(reverse("two-factor"))
    response = give_code(client, "000000")
    assert response.status_code == 200
    assert "That code is not right, or has expired." in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get(reverse("admin:index")).status_code == 302


def test_later_sign_ins_ask_for_the_code_without_setting_up_again(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    sign_in(client)
    page = client.get(reverse("two-factor")).content.decode()
    assert "Enter the six-digit code" in page and "two-factor-secret" not in page
    give_code(client, code_for(device))
    assert client.get(reverse("admin:index")).status_code == 200


def test_repeated_wrong_codes_are_slowed_down(client, staff):
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    sign_in(client)
    for _ in range(3):
        give_code(client, "000000")
    response = give_code(client, "000000")
    assert "Too many wrong codes in a row." in response.content.decode()


def test_the_code_page_never_sends_to_another_site(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    sign_in(client)
    response = give_code(client, code_for(device), next="https://evil.example/")
    assert response["Location"] == reverse("admin:index")


def test_the_public_site_does_not_ask_staff_for_a_code(client, staff):
    sign_in(client)
    assert client.get("/").status_code == 200


def test_everything_lost_is_reset_by_a_command_and_set_up_again(client, staff):
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    make_recovery_codes(staff)
    WebAuthnCredential.objects.create(
        user=staff, credential_id=b"key", public_key=b"public", sign_count=0, confirmed=True
    )
    out = io.StringIO()
    call_command("reset_two_factor", "maria", stdout=out)
    assert "Removed 3 second steps of maria" in out.getvalue()
    assert not list(devices_for_user(staff, confirmed=None))
    sign_in(client)
    assert "Set up two-step sign-in" in client.get(reverse("two-factor")).content.decode()


def test_it_is_on_by_default_with_debug_off():
    # The suite turns it off for other tests; the default is what settings.py decided.
    import ishr_site.settings as site_settings

    assert site_settings.DEBUG is False and site_settings.STAFF_TWO_FACTOR_REQUIRED is True
