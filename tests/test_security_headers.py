"""The headers every page carries: a strict Content-Security-Policy, the browser features it
may use, and the rest of what a security review looks for. Public pages and the admin alike."""

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.urls import reverse

from tests.programmes.conftest import hrdap, make_edition, make_programme, open_2027

# The programme factories, which live in tests/programmes/.
__all__ = ["hrdap", "make_edition", "make_programme", "open_2027"]

PASSWORD = "a long staff password 2026"  # a throwaway test account


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.fixture
def staff_client(client, db):
    user = User.objects.create_superuser("root", "root@ishr.example", PASSWORD)
    client.force_login(user)
    return client


PUBLIC = ["/", "/impact/", "/impact/countries/", "/programmes/"]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_allow_nothing_inline_and_no_other_host(client, db, path):
    policy = directives(client.get(path, secure=True))
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]  # no nonce asked for, no 'unsafe-inline'
    assert "'unsafe-inline'" not in policy["style-src"]
    assert "'unsafe-eval'" not in policy["script-src"] + policy["style-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]


def test_the_only_frames_are_the_video_players(client, db):
    policy = directives(client.get("/", secure=True))
    assert policy["frame-src"] == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]


def test_an_admin_form_gets_a_nonce_for_its_editor_and_nothing_inline(staff_client):
    response = staff_client.get(reverse("admin:impact_highlight_add"), secure=True)
    script_src = directives(response)["script-src"]
    nonce = next(value for value in script_src if value.startswith("'nonce-"))
    assert f'<script type="importmap" nonce="{nonce[7:-1]}">' in response.content.decode()
    assert "'unsafe-inline'" not in script_src + directives(response)["style-src"]


def test_the_admin_login_page_has_the_same_policy(client, db):
    policy = directives(client.get(reverse("admin:login"), secure=True))
    assert policy["frame-ancestors"] == ["'none'"] and policy["script-src"] == ["'self'"]


@pytest.mark.parametrize("path", ["/", "/admin/login/"])
def test_browser_features_the_site_never_uses_are_off(client, db, path):
    features = dict(
        part.strip().split("=", 1)
        for part in client.get(path, secure=True)["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", feature
    assert "https://www.youtube-nocookie.com" in features["autoplay"]


@pytest.mark.parametrize("path", ["/", "/admin/login/"])
def test_the_other_security_headers(client, db, path):
    response = client.get(path, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_secure_and_the_session_is_httponly(client, db):
    User.objects.create_user("editor", "e@ishr.example", PASSWORD, is_staff=True)
    login = reverse("admin:login")
    client.get(login, secure=True)
    response = client.post(
        login, {"username": "editor", "password": PASSWORD, "next": "/admin/"}, secure=True
    )
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert client.cookies["csrftoken"]["secure"]


def test_the_apply_pages_csrf_cookie_is_out_of_reach_of_scripts(client, open_2027):
    # No script of the site reads it: Django's admin and the forms send the token in the form.
    response = client.get(open_2027.get_apply_url(), secure=True)
    assert "csrfmiddlewaretoken" in response.content.decode()
    cookie = response.cookies["csrftoken"]
    assert cookie["httponly"] and cookie["secure"]


def test_plain_http_goes_to_https_unless_the_proxy_says_it_was_https(settings, rf):
    settings.SECURE_SSL_REDIRECT = True
    # The middleware reads its settings when it is made (the test client's was made earlier).
    security = SecurityMiddleware(lambda request: HttpResponse("the page"))
    plain = security(rf.get("/impact/"))
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/impact/"
    proxied = security(rf.get("/impact/", HTTP_X_FORWARDED_PROTO="https"))
    assert proxied.content == b"the page"
