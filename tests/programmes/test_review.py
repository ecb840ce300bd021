"""Reviewing applications in the admin: statuses, assignments, scores, who sees what."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from programmes import services
from programmes.models import Criterion, DecisionEmail, Review, Score, Status, StatusChange

from .conftest import decision_email, hidden_inputs


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def reviewer(make_staff):
    return make_staff("reviewer", "Reviewers", first_name="Rui", last_name="Okafor")


@pytest.fixture
def other_reviewer(make_staff):
    return make_staff("other", "Reviewers")


@pytest.fixture
def criteria(open_2027):
    return [
        Criterion.objects.create(edition=open_2027, name="Advocacy experience", position=1),
        Criterion.objects.create(edition=open_2027, name="Willingness to learn", position=2),
    ]


def client_for(client, user):
    client.force_login(user)
    return client


def review_url(review):
    return reverse("admin:programmes_review_change", args=[review.pk])


def score_post(criteria, values, *, submit=True, comment="Strong case."):
    data = {"comment": comment}
    for criterion, value in zip(criteria, values, strict=True):
        data[f"score_{criterion.pk}"] = "" if value is None else str(value)
        data[f"comment_{criterion.pk}"] = f"On {criterion.name}"
    if submit:
        data["submit_review"] = "on"
    return data


# --- Statuses -------------------------------------------------------------------------------


def test_a_status_change_is_recorded_with_who_and_when(open_2027, make_application, manager):
    application = make_application(open_2027)
    services.change_status(application=application, to=Status.SHORTLISTED, by=manager)
    change = StatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.changed_by) == (
        Status.SUBMITTED,
        Status.SHORTLISTED,
        manager,
    )
    application.refresh_from_db()
    assert application.status == Status.SHORTLISTED


def test_the_workflow_refuses_a_move_it_does_not_allow(open_2027, make_application, manager):
    application = make_application(open_2027, status=Status.WITHDRAWN)
    with pytest.raises(services.StatusRefused, match="withdrawn application cannot become"):
        services.change_status(application=application, to=Status.SELECTED, by=manager)
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert not StatusChange.objects.exists()


def test_a_decision_can_go_back_to_the_shortlist_until_its_email_is_sent(
    open_2027, make_application, manager
):
    kept, emailed = make_application(open_2027), make_application(open_2027)
    for application in (kept, emailed):
        application.status = Status.DECLINED
        application.save()
    DecisionEmail.objects.create(application=emailed, decision=Status.DECLINED, subject="Sorry")
    result = services.change_statuses(
        applications=[kept, emailed], to=Status.SHORTLISTED, by=manager
    )
    assert [a.pk for a in result.changed] == [kept.pk]
    assert (
        "the email telling the applicant they are declined is already on record"
        in (result.refused[0][1])
    )


def test_the_bulk_action_shortlists_and_records_each_change(
    client, open_2027, make_application, manager
):
    applications = [make_application(open_2027) for _ in range(3)]
    response = client_for(client, manager).post(
        reverse("admin:programmes_application_changelist"),
        {"action": "mark_shortlisted", "_selected_action": [a.pk for a in applications]},
        follow=True,
    )
    assert "3 applications are now shortlisted." in page(response)
    assert (
        StatusChange.objects.filter(to_status=Status.SHORTLISTED, changed_by=manager).count() == 3
    )


def test_the_bulk_action_says_which_applications_it_left_alone(
    client, open_2027, make_application, manager
):
    withdrawn = make_application(open_2027, status=Status.WITHDRAWN)
    response = client_for(client, manager).post(
        reverse("admin:programmes_application_changelist"),
        {"action": "mark_selected", "_selected_action": [withdrawn.pk]},
        follow=True,
    )
    assert f"{withdrawn.reference}: a withdrawn application cannot become selected" in page(
        response
    )


def test_the_change_page_offers_only_the_moves_the_workflow_allows(
    client, open_2027, make_application, manager
):
    application = make_application(open_2027, status=Status.WAITLISTED)
    html = page(
        client_for(client, manager).get(
            reverse("admin:programmes_application_change", args=[application.pk])
        )
    )
    assert 'value="selected"' in html and 'value="submitted"' not in html


def status_options(html: str) -> list[str]:
    select = html.split('name="status"')[1].split("</select>")[0]
    return [part.split('"')[0] for part in select.split('value="')[1:]]


def test_the_change_page_offers_the_shortlist_to_a_decision_not_yet_emailed(
    client, open_2027, make_application, manager
):
    application = make_application(open_2027, status=Status.SELECTED)
    url = reverse("admin:programmes_application_change", args=[application.pk])
    assert status_options(page(client_for(client, manager).get(url))) == [
        "shortlisted",
        "selected",
        "withdrawn",
    ]


def test_the_change_page_offers_no_move_once_the_decision_email_is_on_record(
    client, open_2027, make_application, manager
):
    application = make_application(open_2027, status=Status.SELECTED)
    decision_email(application, Status.SELECTED)
    url = reverse("admin:programmes_application_change", args=[application.pk])
    assert status_options(page(client_for(client, manager).get(url))) == ["selected"]


def test_the_change_page_records_a_status_change_and_shows_the_history(
    client, open_2027, make_application, manager
):
    application = make_application(open_2027)
    url = reverse("admin:programmes_application_change", args=[application.pk])
    form = hidden_inputs(page(client_for(client, manager).get(url)))
    response = client.post(url, {**form, "status": "shortlisted"}, follow=True)
    assert "was changed successfully" in page(response)
    assert StatusChange.objects.get().changed_by == manager
    history = page(client.get(url)).split("Status history")[1]
    assert "Submitted" in history and "Shortlisted" in history and "manager" in history


# --- Assigning reviewers --------------------------------------------------------------------


def test_a_manager_assigns_reviewers_to_several_applications_at_once(
    client, open_2027, make_application, manager, reviewer, other_reviewer
):
    applications = [make_application(open_2027) for _ in range(2)]
    url = reverse("admin:programmes_application_changelist")
    ids = [a.pk for a in applications]
    client_for(client, manager)
    form = page(client.post(url, {"action": "assign_reviewers", "_selected_action": ids}))
    assert "Rui Okafor" in form
    response = client.post(
        url,
        {
            "action": "assign_reviewers",
            "_selected_action": ids,
            "apply": "1",
            "reviewers": [reviewer.pk, other_reviewer.pk],
        },
        follow=True,
    )
    assert "4 new assignments made." in page(response)
    assert Review.objects.filter(assigned_by=manager).count() == 4


def assign_page(client, applications) -> str:
    url = reverse("admin:programmes_application_changelist")
    ids = [a.pk for a in applications]
    return page(client.post(url, {"action": "assign_reviewers", "_selected_action": ids}))


def assigned_list(html: str) -> str:
    return html.split('id="assigned-applications"')[1].split("</ul>")[0]


def test_the_assign_page_lists_the_applications_by_reference_and_name(
    client, open_2027, make_application, manager, reviewer
):
    open_2027.hide_identity_from_reviewers = False
    open_2027.save()
    applications = [make_application(open_2027, full_name=n) for n in ("Ana Lima", "Bo Chen")]
    listed = assigned_list(assign_page(client_for(client, manager), applications))
    for application in applications:
        assert f"{application.reference}: {application.full_name}" in listed


def test_the_assign_page_leaves_out_names_the_edition_hides_from_reviewers(
    client, open_2027, make_application, manager, reviewer
):
    assert open_2027.hide_identity_from_reviewers  # the default
    application = make_application(open_2027, full_name="Ana Lima")
    listed = assigned_list(assign_page(client_for(client, manager), [application]))
    assert application.reference in listed and "name hidden from reviewers" in listed
    assert "Ana Lima" not in listed


def test_the_assign_page_needs_the_same_queries_for_3_and_30_applications(
    client, open_2027, make_application, manager, reviewer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client_for(client, manager)
    applications = [make_application(open_2027) for _ in range(3)]

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            html = assign_page(client, applications)
        assert assigned_list(html).count("<li>") == len(applications)
        return len(queries)

    few = count_queries()
    applications += [make_application(open_2027) for _ in range(27)]
    assert count_queries() == few, few


def test_assigning_the_same_reviewer_twice_makes_one_review(
    open_2027, make_application, manager, reviewer
):
    application = make_application(open_2027)
    services.assign_reviewers(applications=[application], reviewers=[reviewer], by=manager)
    again = services.assign_reviewers(applications=[application], reviewers=[reviewer], by=manager)
    assert again == 0 and Review.objects.count() == 1


# --- What a reviewer sees -------------------------------------------------------------------


@pytest.fixture
def assigned(open_2027, make_application, reviewer, criteria):
    application = make_application(
        open_2027,
        full_name="Amina Diallo",
        email="amina.diallo@example.org",
        organisation="Ligue sénégalaise des droits",
        geneva_objectives="Brief the Special Rapporteur on land grabs.",
    )
    return Review.objects.create(application=application, reviewer=reviewer)


def test_a_reviewer_sees_only_the_reviews_assigned_to_them(
    client, open_2027, make_application, assigned, reviewer, other_reviewer
):
    others = Review.objects.create(
        application=make_application(open_2027), reviewer=other_reviewer
    )
    html = page(client_for(client, reviewer).get(reverse("admin:programmes_review_changelist")))
    assert assigned.application.reference in html
    assert others.application.reference not in html


def test_a_reviewer_cannot_open_a_review_assigned_to_someone_else(
    client, open_2027, make_application, assigned, reviewer, other_reviewer
):
    others = Review.objects.create(
        application=make_application(open_2027), reviewer=other_reviewer
    )
    response = client_for(client, reviewer).get(review_url(others))
    assert response.status_code == 404
    assert others.application.full_name not in page(response)


def test_a_reviewer_cannot_open_any_application_page(client, assigned, reviewer):
    client_for(client, reviewer)
    application = assigned.application
    for url in (
        reverse("admin:programmes_application_changelist"),
        reverse("admin:programmes_application_change", args=[application.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Amina Diallo" not in page(response)


def test_a_reviewer_gets_the_same_403_for_an_application_page_whether_it_exists_or_not(
    client, assigned, reviewer
):
    client_for(client, reviewer)
    missing = assigned.application.pk + 1000
    for name in ("admin:programmes_application_change", "admin:programmes_application_delete"):
        for method in (client.get, client.post):
            seen = method(reverse(name, args=[assigned.application.pk]))
            unseen = method(reverse(name, args=[missing]))
            assert (seen.status_code, unseen.status_code) == (403, 403), (name, method)


def test_a_review_outside_ones_own_answers_404_on_every_page_as_a_missing_one_does(
    client, open_2027, make_application, assigned, reviewer, other_reviewer
):
    others = Review.objects.create(
        application=make_application(open_2027), reviewer=other_reviewer
    )
    client_for(client, reviewer)
    for review_id in (others.pk, others.pk + 1000):
        for name in ("admin:programmes_review_change", "admin:programmes_review_history"):
            response = client.get(reverse(name, args=[review_id]))
            assert response.status_code == 404, (name, review_id)
        assert (
            client.post(reverse("admin:programmes_review_change", args=[review_id])).status_code
            == 404
        )
        # Nobody deletes a review on its own page: 403 whichever review it is.
        assert (
            client.get(reverse("admin:programmes_review_delete", args=[review_id])).status_code
            == 403
        )


def test_a_reviewer_gets_the_same_404_for_an_application_they_may_not_see_as_for_none(
    client, assigned, reviewer
):
    # Even assigned: the application's own pages are the managers'; theirs is the review.
    with_cv(assigned)
    client_for(client, reviewer)
    missing = assigned.application.pk + 1000
    for name, args in (
        ("admin:programmes_application_file", ["cv"]),
        ("admin:programmes_application_history", []),
    ):
        seen = client.get(reverse(name, args=[assigned.application.pk, *args]))
        unseen = client.get(reverse(name, args=[missing, *args]))
        assert (seen.status_code, unseen.status_code) == (404, 404), name
        assert page(seen) == page(unseen)


def test_staff_outside_the_groups_see_no_application(client, make_staff, assigned):
    editor = make_staff("editor", "Editors")
    client_for(client, editor)
    assert client.get(reverse("admin:programmes_application_changelist")).status_code == 403
    index = page(client.get(reverse("admin:index")))
    assert "Applications" not in index and "Reviews" not in index


def test_with_identity_hidden_no_reviewer_page_names_the_applicant(
    client, assigned, reviewer, criteria
):
    client_for(client, reviewer)
    client.post(review_url(assigned), score_post(criteria, [4, 4]))  # fills "recent actions"
    urls = [
        reverse("admin:index"),
        reverse("admin:programmes_review_changelist"),
        review_url(assigned),
        reverse("admin:programmes_review_history", args=[assigned.pk]),
    ]
    application = assigned.application
    for url in urls:
        html = page(client.get(url))
        for secret in (application.full_name, application.email, application.organisation):
            assert secret not in html, (secret, url)
    assert "Brief the Special Rapporteur on land grabs." in page(client.get(review_url(assigned)))


def test_a_reviewer_reads_the_questions_as_staff_name_them(client, assigned, reviewer):
    html = page(client_for(client, reviewer).get(review_url(assigned)))
    for label in ["Advocacy at home", "Engagement with the UN", "Aims in Geneva", "Their work"]:
        assert f">{label}<" in html
    assert "Your advocacy at home" not in html and "What you want to achieve" not in html


def test_with_identity_shown_the_reviewer_reads_the_name(client, assigned, reviewer):
    edition = assigned.application.edition
    edition.hide_identity_from_reviewers = False
    edition.save()
    html = page(client_for(client, reviewer).get(review_url(assigned)))
    assert "Amina Diallo" in html and "amina.diallo@example.org" in html


def test_a_reviewer_scores_each_criterion_and_completes_the_review(
    client, assigned, reviewer, criteria
):
    response = client_for(client, reviewer).post(
        review_url(assigned), score_post(criteria, [4, 3]), follow=True
    )
    assert response.status_code == 200
    assigned.refresh_from_db()
    assert assigned.submitted_at is not None and assigned.comment == "Strong case."
    assert sorted(Score.objects.values_list("value", "comment")) == [
        (3, "On Willingness to learn"),
        (4, "On Advocacy experience"),
    ]


def test_a_review_cannot_be_completed_with_a_criterion_unscored(
    client, assigned, reviewer, criteria
):
    response = client_for(client, reviewer).post(
        review_url(assigned), score_post(criteria, [4, None], comment="Half done")
    )
    html = page(response)
    assert "Give a score from 0 to 5 before marking the review complete." in html
    assert "Half done" in html  # what was typed is kept
    assigned.refresh_from_db()
    assert assigned.submitted_at is None and not Score.objects.exists()


def test_a_reviewer_may_save_a_partial_review_to_finish_later(
    client, assigned, reviewer, criteria
):
    client_for(client, reviewer).post(
        review_url(assigned), score_post(criteria, [2, None], submit=False)
    )
    assigned.refresh_from_db()
    assert assigned.submitted_at is None
    assert list(Score.objects.values_list("value", flat=True)) == [2]


def test_a_score_above_5_is_refused(client, assigned, reviewer, criteria):
    response = client_for(client, reviewer).post(
        review_url(assigned), score_post(criteria, [6, 3])
    )
    assert "Select a valid choice" in page(response)
    assert not Score.objects.exists()


def with_cv(review):
    from django.core.files.base import ContentFile

    review.application.cv.save("cv.pdf", ContentFile(b"%PDF-1.7 the cv"))
    return review


def test_a_reviewer_downloads_documents_of_their_application_only(
    client, open_2027, make_application, assigned, reviewer, other_reviewer
):
    open_2027.hide_identity_from_reviewers = False
    open_2027.save()
    application = with_cv(assigned).application
    others = Review.objects.create(
        application=make_application(open_2027), reviewer=other_reviewer
    )
    client_for(client, reviewer)
    mine = client.get(reverse("admin:programmes_review_file", args=[assigned.pk, "cv"]))
    assert b"".join(mine.streaming_content) == b"%PDF-1.7 the cv"
    assert application.reference in mine["Content-Disposition"]
    theirs = client.get(reverse("admin:programmes_review_file", args=[others.pk, "cv"]))
    assert theirs.status_code == 404


def test_with_identity_hidden_a_reviewer_gets_no_documents(client, assigned, reviewer):
    with_cv(assigned)
    client_for(client, reviewer)
    html = page(client.get(review_url(assigned)))
    assert "no CV or letter" in html and "Download" not in html
    response = client.get(reverse("admin:programmes_review_file", args=[assigned.pk, "cv"]))
    assert response.status_code == 404


class _MetaElements(HTMLParser):
    """The <meta> elements a browser would act on, as dicts of their attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            self.found.append(dict(attrs))


def test_a_criterions_description_reaches_the_reviewer_as_text_never_as_markup(
    client, assigned, reviewer, criteria
):
    # A manager types the description; the reviewer's browser must not act on it.
    refresh = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
    criteria[0].description = f"Years of advocacy. {refresh}"
    criteria[0].save()

    html = page(client_for(client, reviewer).get(review_url(assigned)))

    assert f"Years of advocacy. {escape(refresh)}" in html
    parser = _MetaElements()
    parser.feed(html)
    assert not [meta for meta in parser.found if "http-equiv" in meta]


def test_an_editor_gets_no_document_through_a_review(client, make_staff, assigned):
    open_2027 = assigned.application.edition
    open_2027.hide_identity_from_reviewers = False
    open_2027.save()
    with_cv(assigned)
    client_for(client, make_staff("editor", "Editors"))
    response = client.get(reverse("admin:programmes_review_file", args=[assigned.pk, "cv"]))
    assert response.status_code == 404
    assert "We could not find that page" in page(response)


def test_each_score_group_is_named_by_its_criterion(client, assigned, reviewer):
    html = page(client_for(client, reviewer).get(review_url(assigned)))
    assert 'role="radiogroup" aria-label="Advocacy experience: score from 0 to 5"' in html


# --- The manager's list ---------------------------------------------------------------------


def submitted_review(application, reviewer, criteria, values):
    review = Review.objects.create(application=application, reviewer=reviewer)
    services.save_review(
        review=review,
        scores={c: (v, "") for c, v in zip(criteria, values, strict=True)},
        comment="",
        submit=True,
    )
    return review


def test_the_list_shows_the_average_of_complete_reviews_and_their_number(
    client, open_2027, make_application, manager, reviewer, other_reviewer, criteria
):
    application = make_application(open_2027)
    submitted_review(application, reviewer, criteria, [5, 4])
    Review.objects.create(application=application, reviewer=other_reviewer)  # not done yet
    html = page(
        client_for(client, manager).get(reverse("admin:programmes_application_changelist"))
    )
    assert ">4.5<" in html and ">1 / 2<" in html


def test_the_list_filters_by_score_range_and_reviewer(
    client, open_2027, make_application, manager, reviewer, other_reviewer, criteria
):
    strong, weak, unread = (make_application(open_2027) for _ in range(3))
    submitted_review(strong, reviewer, criteria, [5, 4])
    submitted_review(weak, other_reviewer, criteria, [1, 2])
    url = reverse("admin:programmes_application_changelist")
    client_for(client, manager)
    top = page(client.get(url, {"score": "4-5"}))
    assert strong.reference in top and weak.reference not in top
    assert unread.reference in page(client.get(url, {"score": "none"}))
    assert unread.reference not in top
    by_other = page(client.get(url, {"reviewer": other_reviewer.pk}))
    assert weak.reference in by_other and strong.reference not in by_other


def test_the_country_filter_lists_only_countries_applicants_work_in(
    client, open_2027, make_application, manager
):
    make_application(open_2027, country="KE")
    make_application(open_2027, country="CO")
    html = page(
        client_for(client, manager).get(reverse("admin:programmes_application_changelist"))
    )
    assert "Kenya" in html and "Colombia" in html and "Zimbabwe" not in html


def test_the_list_needs_the_same_queries_for_3_and_30_applications(
    client, open_2027, make_application, manager, reviewer, criteria
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client_for(client, manager)
    url = reverse("admin:programmes_application_changelist")

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add(n):
        for _ in range(n):
            application = make_application(open_2027, country="KE")
            submitted_review(application, reviewer, criteria, [3, 4])

    add(3)
    few = count_queries()
    add(27)
    assert count_queries() == few, few
    assert few > 3  # the count is real: the list, its filters, the session, the user


def test_the_list_filters_by_whether_the_decision_email_went(
    client, open_2027, make_application, manager
):
    sent, failed, waiting, undecided = (
        make_application(open_2027, status=status)
        for status in (Status.SELECTED, Status.DECLINED, Status.WAITLISTED, Status.SHORTLISTED)
    )
    decision_email(sent, Status.SELECTED, "Welcome", state="sent", sent_at=timezone.now())
    decision_email(failed, Status.DECLINED, "Sorry", state="failed", last_error="SMTPError")
    url = reverse("admin:programmes_application_changelist")
    client_for(client, manager)

    def listed(value):
        html = page(client.get(url, {"decision_email": value}))
        everyone = (sent, failed, waiting, undecided)
        return {a.reference for a in everyone if a.reference in html}

    assert listed("sent") == {sent.reference}
    assert listed("failed") == {failed.reference}
    assert listed("none") == {waiting.reference}
