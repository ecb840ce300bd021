"""Participants and testimonials: shown only as each person chose, and only with consent."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import PublicationState
from programmes.models import Criterion, Participant, Testimonial, Visibility

pytestmark = pytest.mark.usefixtures("frozen_now")

URL = "/programmes/hrdap/2027/"


def page(response) -> str:
    return response.content.decode()


def add_participant(edition, name, visibility, *, country="KE", consent=True, **fields):
    return Participant.objects.create(
        edition=edition,
        display_name=name,
        country=country,
        visibility=visibility,
        consent_recorded_on=timezone.localdate() if consent else None,
        **fields,
    )


def add_testimonial(edition, quote, *, state=PublicationState.PUBLISHED, consent=True, **fields):
    return Testimonial.objects.create(
        edition=edition,
        quote=quote,
        state=state,
        consent_recorded_on=timezone.localdate() if consent else None,
        **fields,
    )


def test_a_named_participant_is_shown_with_organisation_and_country(client, open_2027):
    add_participant(open_2027, "Grace Wanjiru", Visibility.NAMED, organisation="Mazingira Trust")
    assert "Grace Wanjiru, Mazingira Trust (Kenya)" in page(client.get(URL))


def test_an_anonymous_participant_is_shown_only_by_country(client, open_2027):
    add_participant(open_2027, "Lin Mei", Visibility.ANONYMOUS, country="MY", organisation="Suara")
    html = page(client.get(URL))
    assert "A defender from Malaysia" in html
    assert "Lin Mei" not in html and "Suara" not in html


def test_a_hidden_participant_is_not_shown_at_all(client, open_2027):
    add_participant(open_2027, "Omar Haddad", Visibility.HIDDEN, country="SY", consent=False)
    html = page(client.get(URL))
    assert "Omar Haddad" not in html and "Syria" not in html
    assert "Participants" not in html


def test_a_participant_cannot_be_shown_without_a_recorded_consent(open_2027):
    with pytest.raises(IntegrityError), transaction.atomic():
        add_participant(open_2027, "No Consent", Visibility.NAMED, consent=False)


def test_the_admin_form_explains_the_missing_consent(open_2027):
    person = Participant(edition=open_2027, display_name="X", visibility=Visibility.ANONYMOUS)
    with pytest.raises(ValidationError, match="Record the day the person consented"):
        person.full_clean()


def test_a_testimonial_is_attributed_as_its_participant_chose(client, open_2027):
    person = add_participant(open_2027, "Lin Mei", Visibility.ANONYMOUS, country="MY")
    add_testimonial(
        open_2027, "The coaching turned my report into three clear asks.", participant=person
    )
    html = page(client.get(URL))
    assert "The coaching turned my report into three clear asks." in html
    assert "<figcaption>A defender from Malaysia</figcaption>" in html


def test_a_testimonial_of_a_hidden_participant_uses_its_own_attribution(client, open_2027):
    person = add_participant(open_2027, "Omar Haddad", Visibility.HIDDEN, consent=False)
    add_testimonial(
        open_2027,
        "I spoke at the Council for the first time.",
        participant=person,
        attribution="A defender from the Middle East",
    )
    html = page(client.get(URL))
    assert "<figcaption>A defender from the Middle East</figcaption>" in html
    assert "Omar Haddad" not in html


def test_a_draft_testimonial_is_not_shown(client, open_2027):
    add_testimonial(open_2027, "Not yet approved.", state=PublicationState.DRAFT)
    assert "Not yet approved." not in page(client.get(URL))


def test_a_testimonial_cannot_be_published_without_consent(open_2027):
    with pytest.raises(IntegrityError), transaction.atomic():
        add_testimonial(open_2027, "Published without asking.", consent=False)


@pytest.fixture(params=[2, 30])
def many_people(request, open_2027):
    # Without a selection text in the applicants' words, the page lists the criteria.
    open_2027.selection = ""
    open_2027.save()
    for n in range(request.param):
        person = add_participant(open_2027, f"Person {n}", Visibility.ANONYMOUS)
        add_testimonial(open_2027, f"Quote number {n}.", participant=person)
        Criterion.objects.create(edition=open_2027, name=f"Criterion {n}", position=n)
    return request.param


def test_edition_page_query_count_does_not_grow_with_participants(
    client, many_people, django_assert_num_queries
):
    # The edition, then its components, themes, criteria, participants and testimonials.
    with django_assert_num_queries(6):
        response = client.get(URL)
    html = page(response)
    assert html.count('<figure class="testimonial">') == many_people
    assert html.count("<li><strong>Criterion ") == many_people


def test_without_a_selection_text_the_edition_page_lists_the_criteria_in_order(client, open_2027):
    open_2027.selection = ""
    open_2027.save()
    Criterion.objects.create(edition=open_2027, name="Willingness to learn", position=2)
    Criterion.objects.create(
        edition=open_2027,
        name="Advocacy at home",
        description="Experience of national or regional advocacy.",
        position=1,
    )
    html = page(client.get(URL))
    criteria = html.split('<ol class="criteria"')[1].split("</ol>")[0]
    assert criteria.index("Advocacy at home") < criteria.index("Willingness to learn")
    assert "Experience of national or regional advocacy." in criteria


def test_a_country_named_with_the_reads_as_a_sentence(client, open_2027):
    add_participant(open_2027, "Ana Reyes", Visibility.ANONYMOUS, country="PH")
    assert "A defender from the Philippines" in page(client.get(URL))


def test_a_quote_signed_by_its_own_attribution_keeps_it_when_its_author_is_named_later(
    client, open_2027
):
    person = add_participant(open_2027, "Lin Mei", Visibility.NAMED, country="MY")
    add_testimonial(
        open_2027, "I found my voice.", participant=person, attribution="A defender from Asia"
    )
    assert "<figcaption>A defender from Asia</figcaption>" in page(client.get(URL))


def test_a_testimonial_cannot_quote_a_participant_of_another_edition(open_2027, closed_2024):
    person = add_participant(closed_2024, "Lin Mei", Visibility.ANONYMOUS)
    quote = Testimonial(edition=open_2027, participant=person, quote="Hello")
    with pytest.raises(ValidationError, match="Choose a participant of this testimonial"):
        quote.full_clean()
