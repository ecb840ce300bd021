"""Factories for programmes and their editions, shared with the impact tests."""

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from core.models import PublicationState
from programmes.models import Application, DecisionEmail, Edition, OutgoingEmail, Programme


@pytest.fixture
def make_programme(db):
    def make(slug="hrdap", **fields):
        fields.setdefault("name", "Human Rights Defender Advocacy Programme")
        fields.setdefault("short_name", slug.upper())
        fields.setdefault("summary", "Training and advocacy support for defenders at the UN.")
        return Programme.objects.create(slug=slug, **fields)

    return make


@pytest.fixture
def make_edition(db):
    def make(programme, year=2027, *, state=PublicationState.PUBLISHED, publish_at=None, **fields):
        return Edition.objects.create(
            programme=programme,
            year=year,
            state=state,
            publish_at=publish_at or timezone.now() - timedelta(days=1),
            **fields,
        )

    return make


GENEVA = ZoneInfo("Europe/Zurich")


def geneva(*args) -> datetime:
    return datetime(*args, tzinfo=GENEVA)


@pytest.fixture
def hrdap(make_programme):
    return make_programme(
        "hrdap",
        name="Human Rights Defender Advocacy Programme",
        short_name="HRDAP",
        summary="Online training, then ten days of advocacy in Geneva.",
        description="<p>Since 2006 the programme has trained <strong>hundreds</strong>.</p>",
        position=1,
    )


@pytest.fixture
def whrd(make_programme):
    return make_programme(
        "whrd-aw",
        name="Women Human Rights Defenders Advocacy Week",
        short_name="WHRD-AW",
        summary="A week in Geneva for women defenders.",
        position=2,
    )


@pytest.fixture
def closed_2024(hrdap, make_edition):
    return make_edition(
        hrdap,
        2024,
        summary="Sixteen defenders joined from 434 applicants.",
        call_opens=geneva(2023, 11, 1, 0, 0),
        call_closes=geneva(2024, 1, 15, 23, 59, 59),
    )


@pytest.fixture
def open_2027(hrdap, make_edition):
    """Opened in the past; closes at 23:59:59 Geneva time on 15 January 2027."""
    return make_edition(
        hrdap,
        2027,
        places=16,
        call_opens=timezone.now() - timedelta(days=10),
        call_closes=geneva(2027, 1, 15, 23, 59, 59),
        eligibility="<p>Defenders working at home with a partner organisation.</p>",
        costs="<p>Scholarships cover travel and accommodation.</p>",
        selection="<p>Two reviewers score each application.</p>",
    )


@pytest.fixture
def make_application(db):
    """An application as the public form stores it; every answer can be overridden."""
    counter = iter(range(1, 100_000))

    def make(edition, **fields):
        n = next(counter)
        themes = fields.pop("themes", [])
        answers = {
            "reference": f"{edition.programme.short_name}{edition.year % 100}-T{n:05d}",
            "submission_token": uuid.uuid4(),
            "full_name": f"Applicant {n}",
            "email": f"applicant{n}@example.org",
            "country": "KE",
            "organisation": f"Organisation {n}",
            "role": "Advocacy officer",
            "advocacy_experience": "We brought cases to the national commission.",
            "un_engagement": "A shadow report to the UPR.",
            "geneva_objectives": "Meet the Special Rapporteur.",
            "peer_learning": "Community radio.",
            "english_level": "working",
            "available_online": "yes",
            "available_geneva": "yes",
            "scholarship": "full",
            "recommending_organisation": "A partner network",
            "consent_selection": True,
            "consent_share_cohosts": False,
            "consent_publication": False,
            **fields,
        }
        application = Application.objects.create(edition=edition, **answers)
        if themes:
            application.themes.set(themes)
        return application

    return make


def hidden_inputs(html: str) -> dict:
    """The hidden fields of an admin page's form (inline management forms and the like)."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


STAFF_PASSWORD = "a long staff password 2026"  # throwaway test accounts


@pytest.fixture
def make_staff(db):
    """A staff user, in one of the groups the migration made if `group` is given."""

    def make(username, group=None, **fields):
        user = User.objects.create_user(
            username, f"{username}@ishr.example", STAFF_PASSWORD, is_staff=True, **fields
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def manager(make_staff):
    return make_staff("manager", "Programme managers", first_name="Maria", last_name="Ortega")


def decision_email(application, decision, subject="s", *, by=None, queued_at=None, **message):
    """A decision email on record, with its message in the outbox (`message`: its state,
    attempts, last_error, sent_at, claimed_until…)."""
    email = OutgoingEmail.objects.create(
        kind=OutgoingEmail.Kind.DECISION,
        to=application.email,
        subject=subject,
        body=f"{subject}: the decision.",
        message_id=f"<{uuid.uuid4().hex}@test.invalid>",
        application=application,
        **message,
    )
    return DecisionEmail.objects.create(
        application=application,
        decision=decision,
        subject=subject,
        queued_by=by,
        queued_at=queued_at or timezone.now(),
        message=email,
    )
