"""Preview links: a draft review or highlight shown to anyone who has the link, without an
account (core/previews.py, core/admin_previews.py)."""

import hashlib
import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from core import page_cache, previews
from core.models import PreviewLink, PublicationState
from impact.models import Highlight

DRAFT = PublicationState.DRAFT
PUBLISHED = PublicationState.PUBLISHED
CREATE = "Create a preview link"
BANNER = "Preview: this page is not published yet."
NOT_WORKING = "This preview link does not work"
TOKEN_IN_URL = re.compile(r"http://testserver/preview/([A-Za-z0-9_-]+)/")


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def review(make_review):
    return make_review(2024, title="Looking back at 2024")


@pytest.fixture
def draft(review, make_highlight):
    return make_highlight(review, title="A story not yet published", state=DRAFT)


@pytest.fixture
def make_staff(django_user_model):
    def make(username, group=None):
        user = django_user_model.objects.create_user(username, is_staff=True)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


def viewer_of_highlights(make_staff):
    """Staff who may read highlights in the admin, not change them."""
    viewer = make_staff("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_highlight"))
    return viewer


def change_url(obj) -> str:
    return reverse(f"admin:impact_{obj._meta.model_name}_change", args=[obj.pk])


def create_url(obj) -> str:
    return reverse(f"admin:impact_{obj._meta.model_name}_create_preview_link", args=[obj.pk])


def revoke_url(link) -> str:
    name = link.content_type.model
    return reverse(f"admin:impact_{name}_revoke_preview_link", args=[link.object_id, link.pk])


def create(client, obj, **data) -> str:
    """Creates a link through the admin; the token the page shows."""
    data.setdefault("preview-last_day", previews.default_last_day().isoformat())
    response = client.post(create_url(obj), data)
    assert response.status_code == 200, text(response)
    return TOKEN_IN_URL.search(text(response))[1]


def link_for(obj, **fields) -> str:
    """A link made directly, as the admin makes it; its token."""
    user = fields.pop("by", None)
    last_day = fields.pop("last_day", previews.default_last_day())
    return previews.create_link(obj=obj, by=user, last_day=last_day, **fields).token


def preview_url(token: str, language: str = "en") -> str:
    prefix = "" if language == "en" else f"/{language}"
    return f"{prefix}/preview/{token}/"


# --- Making a link ---------------------------------------------------------------------------


def test_a_draft_highlights_change_page_offers_to_create_a_preview_link(admin_client, draft):
    html = text(admin_client.get(change_url(draft)))

    assert '<h2 id="preview-links-title">Preview links</h2>' in html
    assert f'action="{create_url(draft)}"' in html
    assert f'value="{CREATE}"' in html


def test_the_link_is_shown_once_and_only_its_hash_is_stored(admin_client, draft, admin_user):
    response = admin_client.post(
        create_url(draft),
        {"preview-last_day": previews.default_last_day().isoformat(), "preview-note": "Board"},
    )

    html = text(response)
    token = TOKEN_IN_URL.search(html)[1]
    assert "Copy the link now: this is the only time it is shown." in html
    assert f'value="http://testserver/preview/{token}/"' in html
    assert "no-store" in response["Cache-Control"]
    assert len(token) >= 43  # 32 random bytes: 256 bits
    link = PreviewLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = " ".join(str(value) for value in vars(link).values())
    assert token not in stored
    assert (link.target, link.created_by, link.note) == (draft, admin_user, "Board")
    # The change page lists it, without the link.
    html = text(admin_client.get(change_url(draft)))
    assert "<td>Board</td>" in html
    assert token not in html


def test_a_link_is_valid_14_days_by_default_until_midnight_in_geneva(
    admin_client, draft, frozen_now
):
    html = text(admin_client.get(change_url(draft)))
    assert 'value="2026-12-11"' in html  # frozen on 27 November 2026

    create(admin_client, draft)

    link = PreviewLink.objects.get()
    assert timezone.localtime(link.expires_at).isoformat() == "2026-12-12T00:00:00+01:00"
    assert link.last_day.isoformat() == "2026-12-11"


def test_the_expiry_is_chosen_within_90_days(admin_client, draft, frozen_now):
    create(admin_client, draft, **{"preview-last_day": "2027-02-25"})  # the 90th day

    response = admin_client.post(create_url(draft), {"preview-last_day": "2027-02-26"})

    assert response.status_code == 400
    assert "Choose a day from today to 25 February 2027" in text(response)
    assert PreviewLink.objects.count() == 1


def test_a_day_in_the_past_is_refused(admin_client, draft, frozen_now):
    response = admin_client.post(create_url(draft), {"preview-last_day": "2026-11-26"})

    assert response.status_code == 400
    assert "Choose a day from today to" in text(response)
    assert not PreviewLink.objects.exists()


def test_an_editor_may_create_a_link(client, draft, make_staff):
    client.force_login(make_staff("editor", "Editors"))

    token = create(client, draft)

    assert PreviewLink.objects.get().token_hash == previews.token_hash(token)


def test_creating_a_link_needs_the_permission_to_change_the_object(client, draft, make_staff):
    client.force_login(viewer_of_highlights(make_staff))

    html = text(client.get(change_url(draft)))
    response = client.post(
        create_url(draft), {"preview-last_day": previews.default_last_day().isoformat()}
    )

    assert CREATE not in html
    assert "Only staff who may change this page make preview links." in html
    assert response.status_code == 403
    assert not PreviewLink.objects.exists()


def test_a_published_highlight_has_no_create_button(admin_client, review, make_highlight):
    highlight = make_highlight(review, title="Public already")

    html = text(admin_client.get(change_url(highlight)))
    response = admin_client.post(
        create_url(highlight), {"preview-last_day": previews.default_last_day().isoformat()}
    )

    assert CREATE not in html
    assert "This page is public already: share its address instead." in html
    assert response.status_code == 302
    assert not PreviewLink.objects.exists()


def test_a_scheduled_highlight_may_have_a_link(admin_client, review, make_highlight):
    scheduled = make_highlight(review, publish_at=timezone.now() + timedelta(days=3))

    token = create(admin_client, scheduled)

    assert BANNER in text(admin_client.get(preview_url(token)))


# --- Opening it ------------------------------------------------------------------------------


def test_anyone_with_the_link_reads_the_draft_with_a_banner(client, draft, frozen_now):
    token = link_for(draft)

    response = client.get(preview_url(token))

    assert response.status_code == 200
    html = text(response)
    assert "<h1>A story not yet published</h1>" in html
    assert (
        "Preview: this page is not published yet. Link valid until 11 December 2026 "
        "(Geneva time)." in html
    )


def test_the_banner_speaks_the_pages_language(client, draft, frozen_now):
    token = link_for(draft)

    html = text(client.get(preview_url(token, "fr")))

    assert '<html lang="fr">' in html
    assert "Aperçu\u00a0: cette page n’est pas encore publiée." in html
    assert "11 décembre 2026" in html


def test_the_preview_is_private_and_not_indexed(client, draft):
    response = client.get(preview_url(link_for(draft)))

    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex, nofollow">' in text(response)
    assert '<link rel="canonical"' not in text(response)


def test_the_public_still_cannot_see_the_draft(client, draft):
    client.get(preview_url(link_for(draft)))

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_highlight_in_a_draft_review_can_be_previewed(client, make_review, make_highlight):
    review = make_review(2025, title="Looking back at 2025", state=DRAFT)
    highlight = make_highlight(review, title="Ready, but its year is not")  # published

    response = client.get(preview_url(link_for(highlight)))

    assert response.status_code == 200
    assert "<h1>Ready, but its year is not</h1>" in text(response)


def test_a_draft_reviews_link_shows_its_draft_highlights(client, make_review, make_highlight):
    review = make_review(2025, title="Looking back at 2025", state=DRAFT)
    make_highlight(review, title="A draft story of 2025", state=DRAFT)

    html = text(client.get(preview_url(link_for(review))))

    assert "Looking back at 2025" in html
    assert "A draft story of 2025" in html
    assert BANNER in html


def test_opening_a_link_is_recorded_and_listed(admin_client, client, draft):
    token = link_for(draft)
    assert "Not yet" in text(admin_client.get(change_url(draft)))

    client.get(preview_url(token))

    link = PreviewLink.objects.get()
    assert link.last_opened_at is not None
    html = text(admin_client.get(change_url(draft)))
    assert "Not yet" not in html


def test_a_link_to_a_page_published_since_leads_to_the_public_page(client, draft):
    token = link_for(draft)
    draft.state = PUBLISHED
    draft.save()

    response = client.get(preview_url(token))

    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
    assert response["Cache-Control"] == "private, no-store"


# --- When it stops working -------------------------------------------------------------------


def assert_not_working(response):
    assert response.status_code == 404
    assert NOT_WORKING in text(response)
    assert "A story not yet published" not in text(response)
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_wrong_token_answers_404_that_nobody_keeps(client, draft):
    link_for(draft)

    assert_not_working(client.get(preview_url("x" * 43)))


def test_an_expired_link_answers_404(client, draft, monkeypatch):
    token = link_for(draft)
    assert client.get(preview_url(token)).status_code == 200
    link = PreviewLink.objects.get()
    monkeypatch.setattr(timezone, "now", lambda: link.expires_at)

    assert_not_working(client.get(preview_url(token)))


def test_a_revoked_link_answers_404_and_the_list_says_who_revoked_it(
    admin_client, client, draft, admin_user
):
    admin_user.first_name, admin_user.last_name = "Ana", "Lopez"
    admin_user.save()
    token = create(admin_client, draft)
    link = PreviewLink.objects.get()

    response = admin_client.post(revoke_url(link))

    assert response.status_code == 302
    assert response["Location"] == change_url(draft) + "#preview-links"
    link.refresh_from_db()
    assert link.revoked_by == admin_user
    assert_not_working(client.get(preview_url(token)))
    html = text(admin_client.get(change_url(draft)))
    assert "Revoked by Ana Lopez on" in html
    assert "<td>Ana Lopez</td>" in html  # who made it
    assert revoke_url(link) not in html  # no second "Revoke"


def test_revoking_is_a_post(admin_client, draft):
    link_for(draft)
    link = PreviewLink.objects.get()

    response = admin_client.get(revoke_url(link))

    assert response.status_code == 405
    link.refresh_from_db()
    assert link.revoked_at is None


def test_revoking_needs_the_permission_to_change_the_object(client, draft, make_staff):
    token = link_for(draft)
    link = PreviewLink.objects.get()
    client.force_login(viewer_of_highlights(make_staff))

    assert revoke_url(link) not in text(client.get(change_url(draft)))
    assert client.post(revoke_url(link)).status_code == 403
    client.logout()
    assert client.get(preview_url(token)).status_code == 200


def test_deleting_a_highlight_deletes_its_links(draft):
    link_for(draft)

    Highlight.objects.filter(pk=draft.pk).first().delete()

    assert not PreviewLink.objects.exists()


# --- The page cache --------------------------------------------------------------------------


@pytest.mark.page_cache
def test_the_page_cache_never_holds_a_preview(client, draft):
    token = link_for(draft)
    page_cache.invalidate()

    first = client.get(preview_url(token))
    second = client.get(preview_url(token))
    public = client.get(draft.get_absolute_url())
    public_again = client.get(draft.get_absolute_url())

    assert "A story not yet published" in text(first)
    assert "A story not yet published" in text(second)
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second
    request = RequestFactory().get(preview_url(token))
    assert cache.get(page_cache.page_key(request)) is None
    assert page_cache.local_pages.get(page_cache.page_key(request)) is None
    for response in (public, public_again):
        assert response.status_code == 404
        assert "A story not yet published" not in text(response)
