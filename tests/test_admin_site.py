"""What every list and action of the admin refuses, whichever app it belongs to."""

import pytest
from django.urls import reverse

from impact.models import Highlight


@pytest.fixture
def review(make_review):
    return make_review()


@pytest.mark.parametrize(
    "query", ["title__regex=(", "title__iregex=a", "review__title__regex=x", "slug__regex=["]
)
def test_an_editor_cannot_filter_a_list_by_a_regular_expression(admin_client, db, query):
    response = admin_client.get(reverse("admin:impact_highlight_changelist") + "?" + query)
    assert response.status_code == 400


def test_the_lists_own_filters_still_work(admin_client, review, make_highlight):
    make_highlight(review, title="A mandate renewed", kind=Highlight.Kind.MANDATE)
    url = reverse("admin:impact_highlight_changelist") + "?kind__exact=mandate&q=renewed"
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "A mandate renewed" in response.content.decode()


def test_an_action_on_an_id_that_is_not_one_is_refused_and_changes_nothing(
    admin_client, review, make_highlight
):
    highlight = make_highlight(review)
    response = admin_client.post(
        reverse("admin:impact_highlight_changelist"),
        {"action": "delete_selected", "_selected_action": [str(highlight.pk), "abc"]},
    )
    assert response.status_code == 400
    assert Highlight.objects.filter(pk=highlight.pk).exists()


def test_an_action_on_real_ids_still_runs(admin_client, review, make_highlight):
    highlight = make_highlight(review)
    response = admin_client.post(
        reverse("admin:impact_highlight_changelist"),
        {"action": "delete_selected", "_selected_action": [str(highlight.pk)]},
    )
    assert response.status_code == 200
    assert "Are you sure" in response.content.decode()
