"""A request larger than any form takes: a 413 page before its body is read, in the page's
language, with the headers of every page."""

APPLY = "/programmes/hrdap/2027/apply/"
TOO_LARGE = "This form was too large to send"
TOO_LARGE_FR = "Ce formulaire était trop volumineux pour être envoyé"


def assert_security_headers(headers) -> None:
    """The headers every page of the site carries (tests/test_security_headers.py)."""
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


# --- Through Django's test client -----------------------------------------------------------


def test_a_request_larger_than_any_form_is_refused_before_it_is_read(client, db, settings):
    settings.REQUEST_MAX_BYTES = 1000
    body = "x" * 5000
    response = client.post(APPLY, data=body, content_type="text/plain")
    assert response.status_code == 413
    html = response.content.decode()
    assert TOO_LARGE in html and "Nothing was stored." in html
    assert "4.9\xa0KB" in html and "1000\xa0bytes" in html


def test_the_too_large_page_speaks_the_language_of_the_address(client, db, settings):
    settings.REQUEST_MAX_BYTES = 1000
    client.get("/fr/programmes/")  # leaves French active in the thread, as a worker would

    english = client.post(APPLY, data="x" * 5000, content_type="a/b").content.decode()
    french = client.post(f"/fr{APPLY}", data="x" * 5000, content_type="a/b").content.decode()

    assert 'lang="en"' in english and TOO_LARGE in english
    assert 'lang="fr"' in french and TOO_LARGE_FR in french


def test_a_request_within_the_limit_goes_through(client, db, settings):
    settings.REQUEST_MAX_BYTES = 1000
    assert client.post(APPLY, {"a": "b"}).status_code != 413


def test_the_too_large_page_carries_the_security_headers_of_every_page(client, db, settings):
    settings.REQUEST_MAX_BYTES = 1000
    response = client.post(APPLY, data="x" * 5000, content_type="text/plain", secure=True)
    assert response.status_code == 413 and TOO_LARGE in response.content.decode()
    assert_security_headers(response.headers)
