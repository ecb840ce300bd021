"""A programme manager filters the applications in the admin and downloads exactly those."""

import csv
import io
import re

from django.contrib.auth.models import Group, Permission, User
from playwright.sync_api import expect

from programmes.models import ApplicationExport

from .conftest import assert_no_axe_violations, hrdap_edition
from .test_admin_publish import PASSWORD, log_in


def programme_manager(username: str) -> User:
    # The group comes from a data migration, but the browser tests' database is emptied
    # between tests; give it back the same grants when an earlier test took it away.
    group, _created = Group.objects.get_or_create(name="Programme managers")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="programmes"))
    user = User.objects.create_user(username, f"{username}@ishr.example", PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


def open_filter(page, title: str):
    """The sidebar's filter named `title`, opened the way a person would if it is closed."""
    details = page.locator("#changelist-filter details").filter(
        has=page.locator("summary", has_text=title)
    )
    if not details.evaluate("element => element.open"):
        details.locator("summary").click()
    return details


def test_manager_filters_shortlisted_applications_from_kenya_and_downloads_exactly_those(
    new_page, live_server, transactional_db, make_application
):
    edition = hrdap_edition()
    applications = {
        name: make_application(edition, full_name=name, status=status, country=country)
        for name, status, country in [
            ("Amina Okafor", "shortlisted", "KE"),
            ("Wanjiru Kamau", "shortlisted", "KE"),
            ("Moussa Diop", "shortlisted", "SN"),
            ("Otieno Ouma", "submitted", "KE"),
            ("Achieng Odhiambo", "declined", "KE"),
            ("Chidi Eze", "submitted", "NG"),
        ]
    }
    expected = {applications[name] for name in ["Amina Okafor", "Wanjiru Kamau"]}
    manager = programme_manager("manager")

    page = new_page("desktop")
    log_in(page, "manager")
    page.get_by_role("link", name="Applications", exact=True).first.click()
    expect(page.get_by_role("heading", name="Select application to change")).to_be_visible()
    export_button = page.get_by_role("link", name=re.compile(r"^Export to CSV"))
    expect(export_button).to_have_text("Export to CSV (6 applications)")

    open_filter(page, "By status").get_by_role("link", name="Shortlisted", exact=True).click()
    expect(export_button).to_have_text("Export to CSV (3 applications)")
    open_filter(page, "By country").get_by_role("link", name="Kenya", exact=True).click()
    expect(export_button).to_have_text("Export to CSV (2 applications)")
    for application in expected:
        expect(page.get_by_role("link", name=application.reference)).to_be_visible()

    export_button.click()
    expect(page.get_by_role("heading", name="Export applications to CSV")).to_be_visible()
    summary = page.locator("#export-summary")
    expect(summary).to_contain_text("2 applications match the list's filters")
    expect(summary).to_contain_text("Status: Shortlisted")
    expect(summary).to_contain_text("Country: Kenya")
    assert_no_axe_violations(page)
    page.get_by_label("Full name", exact=True).check()
    page.get_by_label("Average score", exact=True).uncheck()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    download = download_info.value
    assert re.fullmatch(r"applications-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        header, *rows = list(csv.reader(io.StringIO(file.read())))

    assert "Full name" in header and "Average score" not in header
    reference, name = header.index("Reference"), header.index("Full name")
    status, country = header.index("Status"), header.index("Country")
    assert sorted((row[reference], row[name]) for row in rows) == sorted(
        (a.reference, a.full_name) for a in expected
    )
    assert {(row[status], row[country]) for row in rows} == {("Shortlisted", "Kenya")}

    record = ApplicationExport.objects.get()
    assert (record.exported_by, record.row_count) == (manager, 2)
    assert "full_name" in record.columns and "score_average" not in record.columns

    # The record says what was exported, in words.
    page.get_by_role("link", name="Application exports").first.click()
    expect(page.locator("#result_list tbody td.field-filters")).to_have_text(
        "Status: Shortlisted · Country: Kenya"
    )
