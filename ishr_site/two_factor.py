"""Two-step sign-in for staff: after the password, a passkey, an app's code or a recovery code.

django-otp keeps the devices and remembers in the session which one the person used; its
plugins and django-otp-webauthn give the three kinds:
- a passkey or security key (`WebAuthnCredential`, django-otp-webauthn): phishing-proof, as
  the browser signs for the site's own domain only; the library's JSON views and scripts do
  the WebAuthn ceremonies (mounted under the admin's address, ishr_site/urls.py);
- a code from an authenticator app (`TOTPDevice`, RFC 6238);
- one of ten recovery codes (`StaticDevice` and its `StaticToken`s), each good once.

This module adds what the site needs around them: while `STAFF_TWO_FACTOR_REQUIRED` is on
(the default with debug off) a staff user who signed in with a password reaches no admin page
before a second step, and one without a passkey or an app sets one up on the same page.
Each person then manages theirs on "Sign-in security" (ishr_site/sign_in_security.py).
Everything lost: an administrator runs `manage.py reset_two_factor <username>`.
"""

import base64
import io
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from django_permissions_policy.decorators import permissions_policy_override

# The pages that use passkeys allow them for the site itself (settings.PERMISSIONS_POLICY
# refuses them everywhere else).
PASSKEY_PAGES_POLICY: dict[str, str | list[str] | tuple[str]] = dict(
    settings.PASSKEY_PAGES_PERMISSIONS_POLICY
)
passkey_page = permissions_policy_override(PASSKEY_PAGES_POLICY)


def otp_user(request: HttpRequest) -> Any:
    """The signed-in user with what django-otp's middleware adds: `is_verified()`, and
    `otp_device`, the device this session's second step was given with (or None)."""
    return request.user


def _admin_prefix() -> str:
    return "/" + settings.ADMIN_URL


def _open_paths() -> set[str]:
    """What a signed-in staff member may ask before the second step: the second step itself,
    leaving, and the passkey ceremonies (django-otp-webauthn refuses to register a passkey
    for an account that has a second step until it is given)."""
    return {
        reverse("two-factor"),
        reverse("admin:logout"),
        reverse("otp_webauthn:credential-authentication-begin"),
        reverse("otp_webauthn:credential-authentication-complete"),
        reverse("otp_webauthn:credential-registration-begin"),
        reverse("otp_webauthn:credential-registration-complete"),
        reverse("otp_webauthn:js-i18n-catalog"),
    }


class StaffTwoFactorMiddleware:
    """Sends a staff user who has not given a second step this session to the two-step page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_give_a_second_step(request):
            page = reverse("two-factor")
            return HttpResponseRedirect(f"{page}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    @staticmethod
    def _must_give_a_second_step(request) -> bool:
        if not settings.STAFF_TWO_FACTOR_REQUIRED:
            return False
        if not request.path.startswith(_admin_prefix()):
            return False
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated and user.is_staff) or user.is_verified():
            return False
        return request.path not in _open_paths()


# --- A person's second steps -------------------------------------------------------------


@dataclass(frozen=True)
class SecondSteps:
    """The confirmed ways a person has to give a second step."""

    passkeys: list[WebAuthnCredential]
    app: TOTPDevice | None
    recovery: StaticDevice | None
    recovery_codes_left: int

    @property
    def is_set_up(self) -> bool:
        """A passkey or an app: recovery codes alone are for a lost one, not a way of its own."""
        return bool(self.passkeys) or self.app is not None

    @property
    def count(self) -> int:
        """How many passkeys and apps: the last of them cannot be removed."""
        return len(self.passkeys) + (self.app is not None)


def second_steps(user) -> SecondSteps:
    recovery = (
        StaticDevice.objects.filter(user=user, confirmed=True)
        .annotate(codes_left=Count("token_set"))
        .order_by("pk")
        .first()
    )
    return SecondSteps(
        passkeys=list(
            WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")
        ),
        app=TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first(),
        recovery=recovery,
        recovery_codes_left=recovery.codes_left if recovery else 0,
    )


def make_recovery_codes(user) -> list[str]:
    """Replace the person's recovery codes with new ones and return them, to be shown once.

    The device stays (a session signed in with one of its codes stays signed in); its codes
    are replaced. django-otp stores static tokens as they are, as it stores the apps' secrets:
    the database and its backups are protected as a whole (SECURITY.md)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery codes", "confirmed": True}
    )
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [f"{code[:4]}-{code[4:]}" for code in codes]


def use_recovery_code(device: StaticDevice, typed: str) -> bool:
    """Whether `typed` is one of the device's codes; a code that matches is deleted, so that
    it works once. Two requests with the same code at the same moment: the database deletes
    the row for one of them only, and only that one is let in (django-otp's own
    `verify_token` reads the row, then deletes it, and would let both in)."""
    code = re.sub(r"[\s-]", "", typed).lower()
    deleted, _rows = StaticToken.objects.filter(device=device, token=code).delete()
    if deleted:
        device.throttle_reset(commit=False)
        device.set_last_used_timestamp(commit=False)
        device.save()
        return True
    device.throttle_increment()
    return False


# --- The two-step page ---------------------------------------------------------------------

TOO_MANY_TRIES = _("Too many wrong codes in a row. Wait a minute, then try again.")


class AppCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=20,
        error_messages={"required": _("Enter the six-digit code your app shows now.")},
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(TOO_MANY_TRIES)
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                _("That code is not right, or has expired. Enter the code your app shows now.")
            )
        return code


class RecoveryCodeForm(forms.Form):
    recovery_code = forms.CharField(
        label=_("Recovery code"),
        max_length=40,
        error_messages={"required": _("Enter one of your recovery codes, such as abcd-efgh.")},
    )

    def __init__(self, *args, device: StaticDevice | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_recovery_code(self):
        typed = self.cleaned_data["recovery_code"]
        if self.device is not None:
            allowed, _details = self.device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError(TOO_MANY_TRIES)
        if self.device is None or not use_recovery_code(self.device, typed):
            raise forms.ValidationError(
                _(
                    "That recovery code is not right, or was used already. "
                    "Each code works once: enter one you have not used."
                )
            )
        return typed


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's set-up address as an SVG QR code, in a data: URI (no inline markup)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = io.BytesIO()
    image.save(svg)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode("ascii")


def grouped_secret(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def safe_next(request: HttpRequest, default: str) -> str:
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=True):
        return next_url
    return default


def admin_page_context(request: HttpRequest, title) -> dict:
    """What the admin's templates expect (its header, title and links), and the page's title."""
    return admin.site.each_context(request) | {"title": title}


@never_cache
@passkey_page
@login_required(login_url="admin:login")
def two_factor(request: HttpRequest) -> HttpResponse:
    """Ask for a second step; the first time, set up a passkey or an app first."""
    next_url = safe_next(request, reverse("admin:index"))
    if otp_user(request).is_verified():
        return redirect(next_url)
    steps = second_steps(request.user)
    setting_up = not steps.is_set_up
    app = steps.app
    if setting_up:
        app, _created = TOTPDevice.objects.get_or_create(
            user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
        )
    method = request.POST.get("method") if request.method == "POST" else None
    app_form = (
        AppCodeForm(request.POST if method == "app" else None, device=app, prefix="app")
        if app
        else None
    )
    recovery_form = RecoveryCodeForm(
        request.POST if method == "recovery" else None, device=steps.recovery, prefix="recovery"
    )
    if method == "app" and app_form is not None and app_form.is_valid():
        assert app is not None
        if setting_up:
            app.confirmed = True
            app.save(update_fields=["confirmed"])
        otp_login(request, app)
        if setting_up:
            return redirect(first_recovery_codes_url(next_url))
        return redirect(next_url)
    if method == "recovery" and recovery_form.is_valid():
        assert steps.recovery is not None
        otp_login(request, steps.recovery)
        left = steps.recovery_codes_left - 1
        messages.warning(
            request,
            ngettext(
                "You signed in with a recovery code: %(count)d code is left. "
                "Make new ones on Sign-in security.",
                "You signed in with a recovery code: %(count)d codes are left. "
                "Make new ones on Sign-in security.",
                left,
            )
            % {"count": left},
        )
        return redirect(next_url)
    context = admin_page_context(
        request, _("Set up two-step sign-in") if setting_up else _("Two-step sign-in")
    ) | {
        "steps": steps,
        "setting_up": setting_up,
        "app_form": app_form,
        "recovery_form": recovery_form,
        "next": next_url,
        "after_passkey": first_recovery_codes_url(next_url) if setting_up else next_url,
    }
    if setting_up and app is not None:
        context |= {"qr_code": qr_code_data_uri(app), "secret": grouped_secret(app)}
    return render(request, "admin/two_factor.html", context)


def first_recovery_codes_url(next_url: str) -> str:
    """Right after the first set-up: the page that makes the recovery codes, then onwards."""
    return f"{reverse('sign-in-security-recovery-codes')}?next={quote(next_url)}"
