"""Recovery codes, and each person's "Sign-in security" page: passkeys, app, recovery codes.

The passkeys' own ceremonies run in the browser: tests/browser/test_admin_passkeys.py."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from ishr_site.two_factor import make_recovery_codes, second_steps, use_recovery_code
from tests.test_two_factor import PASSWORD, code_for, give_code, sign_in


@pytest.fixture(autouse=True)
def _required(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True


@pytest.fixture
def staff(db):
    return User.objects.create_superuser("maria", "maria@ishr.example", PASSWORD)


@pytest.fixture
def app(staff):
    return TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)


def add_passkey(user, credential_id=b"key-1") -> WebAuthnCredential:
    """A passkey as django-otp-webauthn stores one (its ceremony is the browser test's)."""
    return WebAuthnCredential.objects.create(
        user=user, credential_id=credential_id, public_key=b"public", sign_count=0, confirmed=True
    )


@pytest.fixture
def signed_in(client, staff, app):
    """Signed in with the password and the app: what the security pages need."""
    sign_in(client)
    give_code(client, code_for(app))
    return client


def give_recovery_code(client, code: str):
    return client.post(
        reverse("two-factor"), {"method": "recovery", "recovery-recovery_code": code}
    )


# --- Recovery codes ------------------------------------------------------------------------


def test_a_recovery_code_signs_in_once_and_is_refused_the_second_time(client, staff, app):
    codes = make_recovery_codes(staff)
    assert len(codes) == 10 and len(set(codes)) == 10
    sign_in(client)
    page = client.get(reverse("two-factor")).content.decode()
    assert "Use a recovery code" in page

    response = give_recovery_code(client, codes[0])
    assert response.status_code == 302
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "You signed in with a recovery code: 9 codes are left." in index.content.decode()

    client.post(reverse("admin:logout"))
    sign_in(client)
    response = give_recovery_code(client, codes[0])
    assert response.status_code == 200
    assert "That recovery code is not right, or was used already." in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302
    assert second_steps(staff).recovery_codes_left == 9


def test_a_recovery_code_may_be_typed_in_capitals_with_spaces_and_without_its_hyphen(
    client, staff, app
):
    code = make_recovery_codes(staff)[3]
    sign_in(client)
    response = give_recovery_code(client, " " + code.replace("-", " ").upper() + " ")
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_code_taken_by_one_request_is_refused_to_the_next(staff, app):
    """The code's row is deleted by the request that matched it; a second request with the same
    code, even one that read the device at the same moment, finds nothing to delete."""
    code = make_recovery_codes(staff)[0]
    device = second_steps(staff).recovery
    same_device_read_earlier = second_steps(staff).recovery
    assert use_recovery_code(device, code) is True
    assert use_recovery_code(same_device_read_earlier, code) is False


def test_wrong_recovery_codes_are_slowed_down(client, staff, app):
    make_recovery_codes(staff)
    sign_in(client)
    for _ in range(3):
        give_recovery_code(client, "aaaa-aaaa")
    response = give_recovery_code(client, "bbbb-bbbb")
    assert "Too many wrong codes in a row." in response.content.decode()


def test_new_recovery_codes_made_after_signing_in_with_one_keep_the_session(client, staff, app):
    codes = make_recovery_codes(staff)
    sign_in(client)
    give_recovery_code(client, codes[0])
    client.post(reverse("sign-in-security-recovery-codes"))
    assert client.get(reverse("sign-in-security")).status_code == 200


def test_new_recovery_codes_are_shown_once_and_replace_the_old_ones(signed_in, staff):
    old = make_recovery_codes(staff)
    page = signed_in.get(reverse("sign-in-security-recovery-codes")).content.decode()
    assert "You have 10 recovery codes left." in page
    assert old[0] not in page

    response = signed_in.post(reverse("sign-in-security-recovery-codes"))
    shown = re.findall(
        r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", response.content.decode()
    )
    assert len(shown) == 10
    assert "no-store" in response["Cache-Control"]
    stored = set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert stored == {code.replace("-", "") for code in shown}
    # Shown once: the page asked again shows how many, not which.
    again = signed_in.get(reverse("sign-in-security-recovery-codes")).content.decode()
    assert shown[0] not in again and "You have 10 recovery codes left." in again


# --- The page and who reaches it -----------------------------------------------------------


def test_the_admin_links_to_sign_in_security_and_the_page_lists_what_the_person_has(
    signed_in, staff
):
    add_passkey(staff)
    make_recovery_codes(staff)
    index = signed_in.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("sign-in-security")}">Sign-in security</a>' in index

    page = signed_in.get(reverse("sign-in-security")).content.decode()
    assert "Passkey 1" in page
    assert "Set up on " in page  # the app
    assert "You have 10 recovery codes left." in page
    assert 'id="passkey-register-button"' in page


def test_a_password_alone_does_not_reach_sign_in_security(client, staff, app):
    sign_in(client)
    response = client.get(reverse("sign-in-security"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor"))
    response = client.post(reverse("sign-in-security-recovery-codes"))
    assert response.status_code == 302
    assert not StaticToken.objects.exists()


def test_passkeys_are_allowed_on_the_security_page_and_nowhere_else(signed_in):
    header = signed_in.get(reverse("sign-in-security"))["Permissions-Policy"]
    assert "publickey-credentials-get=(self)" in header
    assert "publickey-credentials-create=(self)" in header
    assert "camera=()" in header  # the rest of the policy as everywhere
    for address in (reverse("admin:index"), reverse("sign-in-security-app"), "/"):
        header = signed_in.get(address)["Permissions-Policy"]
        assert "publickey-credentials-get=()" in header
        assert "publickey-credentials-create=()" in header


def test_the_two_step_page_allows_passkeys(client, staff):
    add_passkey(staff)
    sign_in(client)
    response = client.get(reverse("two-factor"))
    assert "publickey-credentials-get=(self)" in response["Permissions-Policy"]
    page = response.content.decode()
    assert 'id="passkey-verification-button"' in page
    assert "Passkeys need JavaScript" in page  # said to a browser without it


# --- Removing and replacing ----------------------------------------------------------------


def test_the_last_passkey_or_app_cannot_be_removed(signed_in, staff, app):
    response = signed_in.post(reverse("sign-in-security-remove-app"), follow=True)
    assert "This is your only passkey or app, so it stays" in response.content.decode()
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()

    passkey = add_passkey(staff)
    # The app this session was signed in with goes; the session stays signed in.
    response = signed_in.post(reverse("sign-in-security-remove-app"), follow=True)
    assert "Authenticator app removed." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff).exists()
    response = signed_in.post(
        reverse("sign-in-security-remove-passkey", args=[passkey.pk]), follow=True
    )
    assert "This is your only passkey or app, so it stays" in response.content.decode()
    assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists()


def test_a_passkey_is_removed_by_its_owner_only(signed_in, staff):
    mine = add_passkey(staff)
    other = User.objects.create_user("ana", "ana@ishr.example", PASSWORD, is_staff=True)
    theirs = add_passkey(other, b"key-2")
    add_passkey(other, b"key-3")

    response = signed_in.post(reverse("sign-in-security-remove-passkey", args=[theirs.pk]))
    assert response.status_code == 404
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()
    response = signed_in.post(
        reverse("sign-in-security-remove-passkey", args=[mine.pk]), follow=True
    )
    assert "Passkey removed." in response.content.decode()
    assert not WebAuthnCredential.objects.filter(pk=mine.pk).exists()
    # Removing is a POST: a link cannot do it.
    assert (
        signed_in.get(reverse("sign-in-security-remove-passkey", args=[theirs.pk])).status_code
        == 405
    )


def test_a_new_app_replaces_the_old_one_once_its_first_code_is_given(signed_in, staff, app):
    page = signed_in.get(reverse("sign-in-security-app")).content.decode()
    assert "Your current app keeps working until you enter the first code of the new one." in page
    new = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert TOTPDevice.objects.filter(pk=app.pk, confirmed=True).exists()

    response = signed_in.post(reverse("sign-in-security-app"), {"app-code": code_for(new)})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=staff).values_list("pk", "confirmed")) == [
        (new.pk, True)
    ]
    # The old app, which this session was signed in with, is gone; the session stays in.
    assert signed_in.get(reverse("sign-in-security")).status_code == 200


def test_the_admin_lists_devices_without_their_secrets_or_codes(signed_in, staff, app):
    codes = make_recovery_codes(staff)
    device = second_steps(staff).recovery
    app_page = signed_in.get(reverse("admin:otp_totp_totpdevice_change", args=[app.pk]))
    assert app_page.status_code == 200 and app.key not in app_page.content.decode()
    codes_page = signed_in.get(reverse("admin:otp_static_staticdevice_change", args=[device.pk]))
    assert codes_page.status_code == 200
    assert codes[0].replace("-", "") not in codes_page.content.decode()


def test_a_passkey_alone_still_tells_the_passkey_script_where_to_go_next(client, staff):
    add_passkey(staff)  # no app, no recovery codes: the page has no form with "next"
    sign_in(client)
    page = client.get(reverse("two-factor"), {"next": "/admin/impact/"}).content.decode()
    assert re.search(r'<input type="hidden" name="next" value="/admin/impact/">', page)
    assert page.index('name="next"') < page.index('id="passkey-verification-placeholder"')
