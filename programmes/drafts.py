"""The signed id that names a saved draft: in the emailed link back to it and in the form's
hidden `draft` field, so that nothing about the draft lives in the browser's session.

Two functions, used everywhere: `sign(draft)` gives the token, `load(edition, token)` the
draft it names, or None. Tokens last `APPLICATION_DRAFT_LINK_MAX_AGE` seconds.
"""

from django.conf import settings
from django.core import signing

from .models import ApplicationDraft, Edition

SALT = "programmes.application-draft"


def sign(draft: ApplicationDraft) -> str:
    """The token that names `draft`, for its link and the form's hidden field."""
    return signing.dumps(draft.pk, salt=SALT)


def load(edition: Edition, token: str | None) -> ApplicationDraft | None:
    """The edition's draft named by a signed token, or None if the token is missing, altered,
    expired, or its draft is gone (submitted or deleted)."""
    if not token:
        return None
    try:
        draft_id = signing.loads(token, salt=SALT, max_age=settings.APPLICATION_DRAFT_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    return ApplicationDraft.objects.filter(pk=draft_id, edition=edition).first()
