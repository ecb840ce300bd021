"""Links that show a draft to anyone who has them, without an account: for a partner or the
board to read a review or a highlight before it is public (docs/architecture.md, "Preview
links").

An app names what may be previewed with `register()` in its `ready()`: how to render the
draft as the public will see it, and which rows the public sees already (those need no
preview). The link is `/preview/<token>/` (`/fr/preview/<token>/` in French); its token is
shown once, when it is made, and only its SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_delete
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .dates import GENEVA
from .models import PreviewLink

# 32 random bytes: 256 bits, 43 characters in the link.
TOKEN_BYTES = 32
DEFAULT_DAYS = 14
MAX_DAYS = 90

Render = Callable[[HttpRequest, Any, Mapping[str, Any]], HttpResponse]


@dataclass(frozen=True)
class Previewable:
    render: Render  # the public page of a row, drafts shown, with extra context
    public: Callable[[], models.QuerySet[Any]]  # the rows the public sees now


_registry: dict[type[models.Model], Previewable] = {}


def register(
    model: type[models.Model],
    *,
    render: Render,
    public: Callable[[], models.QuerySet[Any]],
) -> None:
    """Let preview links be made for `model`'s rows. Their links go with them when they
    are deleted."""
    _registry[model] = Previewable(render=render, public=public)
    post_delete.connect(
        _delete_links, sender=model, dispatch_uid=f"preview-links:{model._meta.label}"
    )


def previewable(model: type[models.Model]) -> Previewable | None:
    return _registry.get(model)


def _delete_links(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    PreviewLink.objects.for_object(instance).delete()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_public(obj: models.Model) -> bool:
    """Whether the public sees `obj` now (then a preview link has nothing to show)."""
    entry = _registry[type(obj)]
    return entry.public().filter(pk=obj.pk).exists()


# --- Expiry -----------------------------------------------------------------------------------


def today_in_geneva(*, at: datetime | None = None) -> date:
    return timezone.localtime(at or timezone.now(), GENEVA).date()


def default_last_day(*, at: datetime | None = None) -> date:
    return today_in_geneva(at=at) + timedelta(days=DEFAULT_DAYS)


def latest_last_day(*, at: datetime | None = None) -> date:
    return today_in_geneva(at=at) + timedelta(days=MAX_DAYS)


def expiry(last_day: date) -> datetime:
    """The moment a link whose last day is `last_day` stops working: the next midnight in
    Geneva."""
    return datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=GENEVA)


# --- Writes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewLink:
    link: PreviewLink
    token: str  # in clear: shown once, never stored


def create_link(*, obj: models.Model, by: User | None, last_day: date, note: str = "") -> NewLink:
    """A new preview link for `obj`, working until the end of `last_day` (Geneva time).

    The caller checks that `by` may change `obj` and that `last_day` is within
    `MAX_DAYS`; the token is returned once, and only its hash is stored.
    """
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = PreviewLink.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        token_hash=token_hash(token),
        note=note,
        created_by=by,
        expires_at=expiry(last_day),
    )
    return NewLink(link=link, token=token)


def revoke_link(*, link: PreviewLink, by: User) -> bool:
    """Stop `link` from working now, recording who did it; False if it was revoked already
    (the first revocation is the one kept)."""
    revoked = PreviewLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )
    link.refresh_from_db()
    return bool(revoked)


# --- Reads ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Opened:
    link: PreviewLink
    obj: models.Model
    previewable: Previewable


def open_link(token: str) -> Opened | None:
    """The link and the row it shows, or None when the token names no link that works (a
    wrong token, an expired or revoked link, a deleted row). Records when it was opened.

    Looked up by the token's hash, an indexed equality: how long it takes says nothing about
    how close a guess was.
    """
    if not token or len(token) > 100:
        return None
    now = timezone.now()
    link = (
        PreviewLink.objects.usable(at=now)
        .select_related("content_type")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if link is None:
        return None
    model = link.content_type.model_class()
    entry = _registry.get(model) if model is not None else None
    if model is None or entry is None:
        return None
    obj = model._default_manager.filter(pk=link.object_id).first()
    if obj is None:
        return None
    PreviewLink.objects.filter(pk=link.pk).update(last_opened_at=now)
    link.last_opened_at = now
    return Opened(link=link, obj=obj, previewable=entry)
