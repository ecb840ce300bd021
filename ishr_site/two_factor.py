"""Two-factor sign-in for staff: a code from an authenticator app after the password.

django-otp keeps the devices (TOTP, RFC 6238) and remembers in the session that the user
gave a code. This module adds what the site needs around it: while
`STAFF_TWO_FACTOR_REQUIRED` is on (the default with debug off), a staff user who signed in
with a password reaches no admin page before giving a code, and one without an app yet sets
it up on the same page, by scanning a QR code. Recovery from a lost phone: an administrator
runs `manage.py reset_two_factor <username>`; at the next sign-in the person sets up again.
"""

import base64
import io
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


def _admin_prefix() -> str:
    return "/" + settings.ADMIN_URL


class StaffTwoFactorMiddleware:
    """Sends a staff user who has not given a code this session to the code page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_give_a_code(request):
            page = reverse("two-factor")
            return HttpResponseRedirect(f"{page}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    @staticmethod
    def _must_give_a_code(request) -> bool:
        if not settings.STAFF_TWO_FACTOR_REQUIRED:
            return False
        if not request.path.startswith(_admin_prefix()):
            return False
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated and user.is_staff) or user.is_verified():
            return False
        # The code page itself, and leaving.
        return request.path not in {reverse("two-factor"), reverse("admin:logout")}


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Too many wrong codes in a row. Wait a minute, then enter the code shown now.")
            )
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                _("That code is not right, or has expired. Enter the code your app shows now.")
            )
        return code


def _qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's set-up address as an SVG QR code, in a data: URI (no inline markup)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = io.BytesIO()
    image.save(svg)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode("ascii")


def _grouped_secret(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required(login_url="admin:login")
def two_factor(request):
    """Ask for a code; the first time, set the app up first."""
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=True):
        next_url = reverse("admin:index")
    if request.user.is_verified():
        return redirect(next_url)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device, _created = TOTPDevice.objects.get_or_create(
            user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
        )
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        if setting_up:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return redirect(next_url)
    context = {
        "title": _("Set up two-step sign-in") if setting_up else _("Two-step sign-in"),
        "form": form,
        "next": next_url,
        "setting_up": setting_up,
        "site_header": _("ISHR site administration"),
        "site_title": _("ISHR admin"),
    }
    if setting_up:
        context |= {"qr_code": _qr_code_data_uri(device), "secret": _grouped_secret(device)}
    return render(request, "admin/two_factor.html", context)
