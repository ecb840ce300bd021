"""The applications' list at a laptop's width, as a programme manager works through it."""

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from programmes.models import Review

from .conftest import assert_no_axe_violations, hrdap_edition
from .test_admin_export import programme_manager
from .test_admin_publish import log_in
from .test_admin_review import make_reviewer

COLUMNS = ["reference", "full_name", "country_name", "status", "average_score", "reviews_done"]


def test_the_applications_list_shows_every_column_at_a_laptops_width(
    new_page, live_server, transactional_db, make_application
):
    edition = hrdap_edition()
    reviewers = [make_reviewer(f"reviewer{n}", "Tomás", f"Reviewer {n}") for n in range(3)]
    # Long names and countries, which wrap; the references, which must not.
    for n, (name, country, status) in enumerate(
        [
            ("María José Fernández de la Vega", "CD", "shortlisted"),
            ("Achieng Odhiambo-Wanjiru", "GB", "waitlisted"),
            ("Moussa Diop", "BA", "submitted"),
        ]
    ):
        application = make_application(
            edition, full_name=name, country=country, status=status, reference=f"HRDAP27-7K3Q{n}D"
        )
        for reviewer in reviewers:
            Review.objects.create(
                application=application, reviewer=reviewer, submitted_at=timezone.now()
            )
    programme_manager("manager")

    page = new_page("desktop")
    log_in(page, "manager")
    page.goto(reverse("admin:programmes_application_changelist"))

    # Every column ends inside the list's box (which hides what overflows it), on the screen.
    results = page.locator("#changelist .results").bounding_box()
    assert results and results["x"] + results["width"] <= 1280
    for column in COLUMNS:
        header = page.locator(f"#result_list thead th.column-{column}")
        expect(header).to_be_visible()
        for part in [header, page.locator(f"#result_list tbody .field-{column}").first]:
            box = part.bounding_box()
            assert box and box["x"] + box["width"] <= results["x"] + results["width"], column
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.evaluate(
        "() => { const r = document.querySelector('#changelist .results');"
        " return r.scrollWidth <= r.clientWidth; }"
    )
    # Each reference on one line: its link is a single line box.
    lines = page.locator("#result_list tbody .field-reference a").evaluate_all(
        "links => links.map(a => a.getClientRects().length)"
    )
    assert lines == [1, 1, 1]
    row = page.locator("#result_list tbody tr", has_text="HRDAP27-7K3Q0D")
    expect(row.locator(".field-reviews_done")).to_have_text("3 / 3")
    expect(page.locator("#result_list thead th.column-reviews_done")).to_have_text("Reviews")
    assert_no_axe_violations(page)
