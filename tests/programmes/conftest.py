"""Factories for programmes and their editions, shared with the impact tests."""

from datetime import timedelta

import pytest
from django.utils import timezone

from impact.models import PublicationState
from programmes.models import Edition, Programme


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
