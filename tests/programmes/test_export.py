"""Managers export the applications the admin list shows, as CSV, and every export is recorded."""

import csv
import io
import re
from datetime import UTC, datetime
from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.spreadsheets import defuse
from programmes.exports import COLUMNS_BY_NAME
from programmes.models import ApplicationExport, Criterion, Review, Score
from tests.conftest import FROZEN_NOW

EXPORT_URL = reverse("admin:programmes_application_export")
LIST_URL = reverse("admin:programmes_application_changelist")
SHORTLISTED_IN_KENYA = "status__exact=shortlisted&country=KE"


def staff_in(django_user_model, group_name, username=None):
    user = django_user_model.objects.create_user(username or group_name.lower(), is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def manager(django_user_model):
    return staff_in(django_user_model, "Programme managers", "manager")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def applications(open_2027, closed_2024, make_application):
    """Shortlisted in Kenya (two, in two editions), and others that differ by one thing."""
    return {
        "kenya_2027": make_application(open_2027, status="shortlisted", country="KE"),
        "kenya_2024": make_application(closed_2024, status="shortlisted", country="KE"),
        "senegal": make_application(open_2027, status="shortlisted", country="SN"),
        "submitted": make_application(open_2027, status="submitted", country="KE"),
        "declined": make_application(open_2027, status="declined", country="KE"),
    }


def export(client, query="", columns=("reference",)):
    return client.post(f"{EXPORT_URL}?{query}", {"columns": list(columns)})


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def page(response) -> str:
    return response.content.decode()


def checkboxes(html) -> tuple[set[str], set[str]]:
    """The columns offered on the export page, and those ticked."""
    found = re.findall(
        r'<input type="checkbox" name="columns" value="([^"]+)"[^>]*?( checked)?>', html
    )
    return {value for value, _ in found}, {value for value, checked in found if checked}


def test_the_csv_holds_exactly_the_applications_the_filters_show(manager_client, applications):
    rows = csv_rows(export(manager_client, SHORTLISTED_IN_KENYA))
    assert rows[0] == ["Reference"]
    assert sorted(row[0] for row in rows[1:]) == sorted(
        [applications["kenya_2027"].reference, applications["kenya_2024"].reference]
    )


def test_the_csv_follows_the_lists_search_too(manager_client, applications):
    senegal = applications["senegal"]
    rows = csv_rows(export(manager_client, f"q={senegal.full_name}"))
    assert rows[1:] == [[senegal.reference]]


def test_the_csv_has_only_the_chosen_columns_in_the_pages_order(manager_client, applications):
    response = export(manager_client, SHORTLISTED_IN_KENYA, ["email", "status", "reference"])
    assert csv_rows(response)[0] == ["Reference", "Status", "Email"]


def test_the_csv_writes_labels_names_and_geneva_time_not_stored_values(
    manager_client, open_2027, make_application, make_theme
):
    make_application(
        open_2027,
        reference="HRDAP27-7K3Q9D",
        status="shortlisted",
        country="KE",
        english_level="working",
        scholarship="partial",
        submitted_at=datetime(2026, 11, 27, 11, 0, tzinfo=UTC),
        themes=[make_theme("Reprisals"), make_theme("Women defenders")],
    )
    columns = ["edition", "status", "submitted_at", "country", "themes", "english_level"]
    rows = csv_rows(export(manager_client, columns=[*columns, "scholarship"]))
    assert rows == [
        [
            "Edition",
            "Status",
            "Submitted at (Geneva time)",
            "Country",
            "Thematic focus",
            "English",
            "Scholarship",
        ],
        [
            "HRDAP 2027",
            "Shortlisted",
            "2026-11-27 12:00",
            "Kenya",
            "Reprisals; Women defenders",
            "Good: I can follow training and speak in meetings",
            "Yes, a partial scholarship",
        ],
    ]


def test_the_csv_gives_the_average_score_and_number_of_submitted_reviews(
    manager_client, open_2027, make_application, django_user_model
):
    scored = make_application(open_2027, reference="HRDAP27-SCORED")
    make_application(open_2027, reference="HRDAP27-UNREAD")
    criteria = [
        Criterion.objects.create(edition=open_2027, name=name, position=n)
        for n, name in enumerate(["Experience", "Plan"])
    ]
    for n, (values, submitted_at) in enumerate(
        [((4, 5), FROZEN_NOW), ((3, 3), FROZEN_NOW), ((0, 0), None)]
    ):
        reviewer = staff_in(django_user_model, "Reviewers", f"reviewer{n}")
        review = Review.objects.create(
            application=scored, reviewer=reviewer, submitted_at=submitted_at
        )
        for criterion, value in zip(criteria, values, strict=True):
            Score.objects.create(review=review, criterion=criterion, value=value)
    rows = csv_rows(export(manager_client, columns=["reference", "score_average", "review_count"]))
    assert sorted(rows[1:]) == [["HRDAP27-SCORED", "3.75", "2"], ["HRDAP27-UNREAD", "", "0"]]
    assert rows[0] == ["Reference", "Average score", "Reviews submitted"]


def test_answers_that_look_like_formulas_are_written_as_text(
    manager_client, open_2027, make_application
):
    make_application(
        open_2027,
        full_name='=HYPERLINK("http://evil.example","Click")',
        organisation="+41 22 919 71 00",
        role="-",
        other_focus="@SUM(A1)",
        recommending_organisation="\tTabbed network",
    )
    columns = ["other_focus", "full_name", "organisation", "role", "recommending_organisation"]
    assert csv_rows(export(manager_client, columns=columns))[1] == [
        "'@SUM(A1)",
        '\'=HYPERLINK("http://evil.example","Click")',
        "'+41 22 919 71 00",
        "'-",
        "'\tTabbed network",
    ]


# Formula characters after a character a spreadsheet may split a cell on: `;` is the separator
# of French, German and Swiss spreadsheets, and tab, CR and LF are offered everywhere.
BYPASSES = {
    "ACME;=1+1;": "ACME;'=1+1;",
    "ACME,=1+1": "ACME,'=1+1",
    "ACME\t=1+1": "ACME\t'=1+1",
    "ACME\r\n@SUM(A1)": "ACME\r\n'@SUM(A1)",
    "ACME\x0b+1": "ACME\x0b'+1",  # a vertical tab, as any other control character
    "ACME; -2+3": "ACME; '-2+3",  # a spreadsheet may trim the space
    'ACME;"=1+1"': 'ACME;"\'=1+1"',  # ... and the quotes around a field
    " =1+1": " '=1+1",
    "\t=1+1": "'\t'=1+1",
    "ACME;;=1+1": "ACME;;'=1+1",
}
# Text as people write it: a trigger inside a word or a sentence starts no cell.
UNTOUCHED = [
    "Jean-Pierre",
    "Ligue sénégalaise des droits de l'homme",
    "Call us on +41 22 919 71 00",
    "Advocacy 2024-2025 - with partners @ the UN",
    "amina@example.org",
    "First paragraph.\r\n\r\nSecond paragraph.",
    "Geneva; the Human Rights Council",
]


@pytest.mark.parametrize(("typed", "written"), BYPASSES.items())
def test_a_formula_after_a_separator_inside_a_cell_is_written_as_text(typed, written):
    assert defuse(typed) == written


@pytest.mark.parametrize("typed", UNTOUCHED)
def test_ordinary_text_is_written_as_typed(typed):
    assert defuse(typed) == typed


def test_a_number_after_a_comma_is_written_as_text_too():
    # The rule cannot tell a phone number from a formula once a cell may start there.
    assert defuse("Geneva, +41 22 919 71 00") == "Geneva, '+41 22 919 71 00"


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_no_cell_is_a_formula_whatever_separator_the_spreadsheet_splits_on(
    manager_client, open_2027, make_application, separator
):
    typed = list(BYPASSES)[:9]
    for n, text in enumerate(typed):
        make_application(open_2027, organisation=text, reference=f"HRDAP27-CSV{n:03d}")
    response = export(manager_client, columns=["reference", "organisation"])
    text = response.content.decode("utf-8-sig")

    # As a spreadsheet opens it with that separator: quotes around a field dropped, then
    # spaces trimmed.
    cells = [
        cell.strip() for row in csv.reader(io.StringIO(text), delimiter=separator) for cell in row
    ]
    cells += [part.strip(' "') for cell in cells for part in re.split(r"[\x00-\x1f]", cell)]
    assert cells and not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]


def test_the_file_is_utf8_with_a_bom_named_by_the_day_and_not_cached(
    manager_client, open_2027, make_application, frozen_now
):
    make_application(open_2027, full_name="Zoé Ñúñez")
    response = export(manager_client, columns=["full_name"])
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "Zoé Ñúñez" in response.content.decode("utf-8")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="applications-2026-11-27.csv"'
    assert "no-store" in response["Cache-Control"]


def test_each_export_is_recorded_with_who_how_many_rows_which_columns_and_filters(
    manager_client, manager, applications
):
    export(manager_client, SHORTLISTED_IN_KENYA, ["reference", "email"])
    record = ApplicationExport.objects.get()
    assert record.exported_by == manager
    assert record.row_count == 2
    assert record.columns == ["reference", "email"]
    assert record.filters == SHORTLISTED_IN_KENYA


def test_the_export_page_names_the_filters_and_the_number_of_applications(
    manager_client, applications
):
    html = page(manager_client.get(f"{EXPORT_URL}?{SHORTLISTED_IN_KENYA}&q=Applicant"))
    assert "<strong>2 applications</strong> match the list's filters" in html
    assert "Status: Shortlisted" in html
    assert "Country: Kenya" in html
    assert "Search: “Applicant”" in html


def test_the_export_page_ticks_the_usual_columns_and_leaves_identity_unticked(
    manager_client, applications
):
    offered, ticked = checkboxes(page(manager_client.get(EXPORT_URL)))
    assert ticked == {
        "reference",
        "edition",
        "status",
        "submitted_at",
        "country",
        "themes",
        "english_level",
        "available_online",
        "available_geneva",
        "scholarship",
        "score_average",
        "review_count",
    }
    assert {"full_name", "email", "organisation", "role", "advocacy_experience"} <= offered
    assert not {"cv", "reference_letter"} & offered


def test_exporting_no_column_shows_the_error_and_keeps_the_choice_and_the_filters(
    manager_client, applications
):
    response = manager_client.post(f"{EXPORT_URL}?{SHORTLISTED_IN_KENYA}", {})
    html = page(response)
    assert response["Content-Type"].startswith("text/html")
    assert "Choose at least one column." in html
    offered, ticked = checkboxes(html)
    assert offered and not ticked  # the defaults do not come back over what was unticked
    assert f'action="{EXPORT_URL}?{SHORTLISTED_IN_KENYA}"' in html.replace("&amp;", "&")
    assert not ApplicationExport.objects.exists()


def test_an_invalid_filter_sends_the_manager_back_to_the_list(manager_client, applications):
    response = manager_client.post(f"{EXPORT_URL}?submitted_at__year=soon", {"columns": ["email"]})
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    assert not ApplicationExport.objects.exists()


@pytest.mark.parametrize("group_name", ["Reviewers", "Editors"])
def test_reviewers_and_editors_may_not_export(client, django_user_model, applications, group_name):
    client.force_login(staff_in(django_user_model, group_name))
    assert client.get(EXPORT_URL).status_code == 403
    response = export(client, columns=["email"])
    assert response.status_code == 403
    assert b"@example.org" not in response.content
    assert not ApplicationExport.objects.exists()


def test_visitors_who_are_not_logged_in_are_sent_to_the_login_page(client, applications):
    response = export(client, columns=["email"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not ApplicationExport.objects.exists()


def test_the_list_offers_managers_the_export_of_what_it_shows(manager_client, applications):
    html = page(manager_client.get(f"{LIST_URL}?{SHORTLISTED_IN_KENYA}"))
    assert "Export to CSV (2 applications)" in html
    assert f'href="{EXPORT_URL}?country=KE&amp;status__exact=shortlisted"' in html


def test_the_list_shows_no_export_button_to_staff_who_may_only_read_applications(
    client, django_user_model, applications
):
    reader = django_user_model.objects.create_user("reader", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_application"))
    client.force_login(reader)
    html = page(client.get(LIST_URL))
    assert applications["senegal"].reference in html
    assert "Export to CSV" not in html
    assert client.get(EXPORT_URL).status_code == 403


def test_the_export_record_is_listed_for_managers_and_cannot_be_edited(
    manager_client, applications
):
    export(manager_client, SHORTLISTED_IN_KENYA, ["reference", "email"])
    record = ApplicationExport.objects.get()
    html = page(manager_client.get(reverse("admin:programmes_applicationexport_changelist")))
    assert "manager" in html and "Reference, Email" in html
    assert manager_client.get(reverse("admin:programmes_applicationexport_add")).status_code == 403
    delete_url = reverse("admin:programmes_applicationexport_delete", args=[record.pk])
    assert manager_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert ApplicationExport.objects.filter(pk=record.pk).exists()


def count_export_queries(client, edition, make_application, make_theme, how_many) -> int:
    themes = [make_theme(f"Theme {how_many}-{n}") for n in range(2)]
    for _ in range(how_many):
        make_application(edition, status="shortlisted", themes=themes)
    columns = ["reference", "edition", "themes", "score_average", "review_count"]
    with CaptureQueriesContext(connection) as queries:
        rows = csv_rows(export(client, "status__exact=shortlisted", columns))
    assert len(rows) == how_many + 1
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_rows(
    manager_client, open_2027, make_application, make_theme
):
    three = count_export_queries(manager_client, open_2027, make_application, make_theme, 3)
    ApplicationExport.objects.all().delete()
    open_2027.applications.all().delete()
    thirty = count_export_queries(manager_client, open_2027, make_application, make_theme, 30)
    assert three == thirty


def test_the_export_page_names_the_month_chosen_in_the_date_drill_down(
    manager_client, open_2027, make_application
):
    make_application(open_2027, submitted_at=datetime(2026, 11, 27, 11, 0, tzinfo=UTC))
    html = page(manager_client.get(f"{EXPORT_URL}?submitted_at__year=2026&submitted_at__month=11"))
    assert "Submitted at: 2026-11" in html
    assert "<strong>1 application</strong> matches the list's filters" in html


def test_a_file_of_one_editions_applications_is_named_after_the_edition(
    manager_client, applications, open_2027, frozen_now
):
    response = export(
        manager_client, f"edition__id__exact={open_2027.pk}&status__exact=shortlisted"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="hrdap-2027-applications-2026-11-27.csv"'
    )


def test_a_file_of_an_edition_that_no_longer_exists_has_the_plain_name(
    manager_client, applications, frozen_now
):
    response = export(manager_client, "edition__id__exact=999999")
    assert response["Content-Disposition"] == 'attachment; filename="applications-2026-11-27.csv"'


EXPORTS_URL = reverse("admin:programmes_applicationexport_changelist")


def test_the_export_record_says_its_filters_in_words_in_the_list_and_on_its_page(
    manager_client, applications, open_2027
):
    query = (
        f"q=Applicant&country=KE&edition__id__exact={open_2027.pk}&status__exact=shortlisted"
        "&submitted_at__year=2026&submitted_at__month=11&o=2"
    )
    export(manager_client, query)
    record = ApplicationExport.objects.get()
    # In the order of the list's filters, whatever the address's order.
    words = (
        "Edition: HRDAP 2027 · Status: Shortlisted · Country: Kenya · Submitted at: 2026-11 · "
        "Search: “Applicant”"
    )
    for url in [
        EXPORTS_URL,
        reverse("admin:programmes_applicationexport_change", args=[record.pk]),
    ]:
        html = page(manager_client.get(url))
        assert words in unescape(html)
        assert "edition__id__exact=" not in re.sub(r'href="[^"]*"', "", html)
        # The words link to the list, filtered as it was.
        assert f'href="{LIST_URL}?{query.replace("&", "&amp;")}"' in html


def test_a_filter_on_a_deleted_edition_or_that_no_filter_reads_is_shown_as_it_was(
    manager_client, applications
):
    ApplicationExport.objects.create(
        row_count=0,
        columns=["reference"],
        filters="edition__id__exact=999999&status__exact=shortlisted&%3Cb%3Eodd%3C%2Fb%3E=1",
    )
    response = manager_client.get(EXPORTS_URL)
    assert response.status_code == 200
    html = page(response)
    assert "Edition: 999999 · Status: Shortlisted · &lt;b&gt;odd&lt;/b&gt;=1" in html
    assert "<b>odd" not in html


def test_the_export_records_cost_the_same_queries_for_2_or_20_exports(
    manager_client, applications, open_2027
):
    def count_queries(how_many):
        ApplicationExport.objects.all().delete()
        for n in range(how_many):
            ApplicationExport.objects.create(
                row_count=n,
                columns=["reference"],
                filters=f"edition__id__exact={open_2027.pk}&country=KE&themes__isnull=True",
            )
        with CaptureQueriesContext(connection) as queries:
            html = page(manager_client.get(EXPORTS_URL))
        assert (
            html.count("Edition: HRDAP 2027 · Country: Kenya · Thematic focus: None") == how_many
        )
        return len(queries)

    assert count_queries(2) == count_queries(20)


def test_the_csv_headers_name_the_questions_as_staff_read_them(manager_client, applications):
    header = csv_rows(export(manager_client, columns=list(COLUMNS_BY_NAME)))[0]
    for label in [
        "Country",
        "Role",
        "Advocacy at home",
        "Engagement with the UN",
        "Aims in Geneva",
        "Contribution to the group",
        "Notes on availability",
    ]:
        assert label in header
    assert [
        h for h in header if h.startswith(("Your ", "What you", "Tell us", "About your"))
    ] == []
