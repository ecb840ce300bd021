"""Staff sign-in is paused after repeated wrong passwords, for that account from that address."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

PASSWORD = "a long staff password 2026"  # a throwaway test account
LOGIN = reverse("admin:login")


@pytest.fixture
def staff(db):
    return User.objects.create_user("maria", "maria@ishr.example", PASSWORD, is_staff=True)


def sign_in(client, password, *, username="maria", address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def fail(client, times, **kwargs):
    """Wrong passwords; returns the status of each answer."""
    return [sign_in(client, "not the password", **kwargs).status_code for _ in range(times)]


def test_five_wrong_passwords_pause_signing_in_even_with_the_right_one(client, staff):
    # The login form again with its error four times; the fifth wrong password pauses.
    assert fail(client, 5) == [200, 200, 200, 200, 429]
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in paused" in html and "try again in 15 minutes" in html
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_still_let_the_right_one_in(client, staff):
    fail(client, 4)
    assert sign_in(client, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_a_successful_sign_in_starts_the_count_again(client, staff):
    fail(client, 4)
    sign_in(client, PASSWORD)
    client.logout()
    fail(client, 4)
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_pause_holds_only_for_that_account_from_that_address(client, staff):
    User.objects.create_user("ali", "ali@ishr.example", PASSWORD, is_staff=True)
    fail(client, 5)
    assert sign_in(client, PASSWORD, username="ali").status_code == 302
    client.logout()
    assert sign_in(client, PASSWORD, address="198.51.100.4").status_code == 302


def test_an_administrator_lifts_the_pause_with_a_command(client, staff):
    fail(client, 5)
    call_command("axes_reset_username", "maria", stdout=io.StringIO())
    assert sign_in(client, PASSWORD).status_code == 302
