"""Highlight images and their renditions in the public bucket (docs/architecture.md, "Files
and object storage"), against a real S3 server (SeaweedFS, tests/object_storage.py): where
they land, who may read them, and the addresses pages and the PDF give them."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from impact import pdf
from impact.models import Highlight
from programmes.storage import private_storage
from tests.conftest import jpeg_upload
from tests.object_storage import PRIVATE_BUCKET, PUBLIC_BUCKET

from .test_admin import errors, new_highlight
from .test_pdf import PDF_URL, pdf_images


@pytest.fixture
def review(make_review):
    return make_review(2024, title="Looking back at 2024")


def test_an_image_added_in_the_admin_lands_with_its_renditions_in_the_public_bucket(
    admin_client, review, object_storage, settings, django_capture_on_commit_callbacks
):
    add_page = admin_client.get(reverse("admin:impact_highlight_add"))
    data = new_highlight(add_page, review, image=jpeg_upload("solidarity.jpg", width=900))

    with django_capture_on_commit_callbacks(execute=True):  # the renditions, after commit
        response = admin_client.post(reverse("admin:impact_highlight_add"), data)

    assert response.status_code == 302, errors(response)
    highlight = Highlight.objects.get()
    renditions = {r["name"] for r in highlight.image_renditions}
    assert len(renditions) >= 3  # each width in each format
    assert set(object_storage.objects(PUBLIC_BUCKET)) == {highlight.image.name, *renditions}
    for name in (highlight.image.name, *renditions):
        # What the proxy forwards /media/ to: readable without a key.
        status, body = object_storage.anonymous_get(PUBLIC_BUCKET, name)
        assert status == 200
        assert body == object_storage.read(PUBLIC_BUCKET, name)
    assert object_storage.objects(PRIVATE_BUCKET) == {}
    assert not settings.MEDIA_ROOT.exists()  # nothing on this server's disk


def test_a_page_gives_bucket_images_addresses_on_the_site_own_host(
    client, review, make_highlight, object_storage
):
    highlight = make_highlight(
        review,
        image=jpeg_upload(width=1600, height=900),
        image_alt="Defenders",
        image_credit="ISHR",
    )

    html = client.get(highlight.get_absolute_url()).content.decode()

    addresses = re.findall(r'(?:src|srcset)="([^"]+)"', html)
    images = [a for a in addresses if "highlights/" in a]
    assert images, "no image on the page"
    for address in images:
        for candidate in address.split(","):
            assert candidate.strip().startswith("/media/highlights/"), candidate
    assert object_storage.endpoint not in html
    assert PUBLIC_BUCKET not in html


def test_the_review_pdf_prints_an_image_from_the_bucket(
    client, review, make_highlight, object_storage
):
    make_highlight(
        review,
        image=jpeg_upload(width=1600, height=900),
        image_alt="Defenders outside the Palais des Nations",
        image_credit="Photo: ISHR",
    )

    content = client.get(PDF_URL).content

    assert [image.size for image in pdf_images(content)] == [(800, 450)]


def test_the_pdf_fetcher_finds_no_document_of_the_private_bucket(object_storage):
    name = private_storage().save("applications/cv/cv.pdf", ContentFile(b"%PDF-1.7 a CV"))

    with pytest.raises(ValueError):
        pdf.url_fetcher("http://testserver/").fetch(f"http://testserver/media/{name}")
