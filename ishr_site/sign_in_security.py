"""'Sign-in security': where a signed-in staff member manages their own second steps.

Reached from the admin's user links. Under the admin's address, so that the two-step
middleware (ishr_site/two_factor.py) lets in only someone who gave a second step this
session; each view is wrapped by `admin.site.admin_view` in ishr_site/urls.py (staff only,
never cached). A person adds or removes passkeys, sets up or replaces their authenticator app,
and makes new recovery codes, shown once. The last passkey or app cannot be removed: without
one, the next sign-in would ask to set one up, which anyone holding the password could do.
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from .two_factor import (
    AppCodeForm,
    admin_page_context,
    grouped_secret,
    make_recovery_codes,
    otp_user,
    passkey_page,
    qr_code_data_uri,
    safe_next,
    second_steps,
)

KEEP_ONE = gettext_lazy(
    "This is your only passkey or app, so it stays: add another passkey or set up an app "
    "first, then remove this one."
)


def remove(request: HttpRequest, device: Device) -> None:
    """Delete one of the person's passkeys or apps. The session stays signed in: if it was
    the one this session's second step was given with, another one they have takes its
    place (they gave a second step a moment ago), as django-otp-webauthn does on adding one."""
    current = otp_user(request).otp_device
    was_current = current is not None and current.persistent_id == device.persistent_id
    device.delete()
    if was_current:
        steps = second_steps(request.user)
        otp_login(request, steps.passkeys[0] if steps.passkeys else steps.app)


@passkey_page
def overview(request: HttpRequest) -> HttpResponse:
    context = admin_page_context(request, _("Sign-in security")) | {
        "steps": second_steps(request.user),
        "after_passkey": reverse("sign-in-security") + "?added=passkey",
    }
    if request.GET.get("added") == "passkey":
        messages.success(request, _("Passkey added. You can use it at your next sign-in."))
    return render(request, "admin/sign_in_security.html", context)


@require_POST
def remove_passkey(request: HttpRequest, pk: int) -> HttpResponse:
    passkey = get_object_or_404(WebAuthnCredential, pk=pk, user=request.user)
    if second_steps(request.user).count <= 1:
        messages.error(request, KEEP_ONE)
    else:
        remove(request, passkey)
        messages.success(request, _("Passkey removed. It no longer signs you in here."))
    return redirect("sign-in-security")


@require_POST
def remove_app(request: HttpRequest) -> HttpResponse:
    steps = second_steps(request.user)
    if steps.app is None:
        return redirect("sign-in-security")
    if steps.count <= 1:
        messages.error(request, KEEP_ONE)
    else:
        remove(request, steps.app)
        messages.success(request, _("Authenticator app removed. Its codes no longer work here."))
    return redirect("sign-in-security")


def app(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app, or replace the one set up: the old one works until the new
    one's first code is given."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = AppCodeForm(request.POST or None, device=device, prefix="app")
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            for old in TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk):
                remove(request, old)
        messages.success(request, _("Authenticator app set up. Use its codes from now on."))
        return redirect("sign-in-security")
    replacing = second_steps(request.user).app is not None
    context = admin_page_context(
        request, _("Replace your authenticator app") if replacing else _("Set up an app")
    ) | {
        "form": form,
        "replacing": replacing,
        "qr_code": qr_code_data_uri(device),
        "secret": grouped_secret(device),
    }
    return render(request, "admin/sign_in_security_app.html", context)


def recovery_codes(request: HttpRequest) -> HttpResponse:
    """GET: how many codes are left, and a button to make new ones. POST: new codes, shown in
    this response only (never cached, like every admin page)."""
    next_url = safe_next(request, "")
    context = admin_page_context(request, _("Recovery codes")) | {
        "steps": second_steps(request.user),
        "next": next_url,
        "first_time": bool(next_url),
    }
    if request.method == "POST":
        context["codes"] = make_recovery_codes(request.user)
    return render(request, "admin/recovery_codes.html", context)
