"""Files in S3-compatible buckets (docs/architecture.md, "Files and object storage"): the
settings that choose them, the storages that reach them, and SeaweedFS checking who may.

What each app stores there is tested beside its other tests:
tests/programmes/test_object_storage.py and tests/impact/test_object_storage.py.
"""

import pytest
from botocore.exceptions import ClientError
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.test import override_settings

from core.buckets import PUBLIC_CACHE_CONTROL, PublicMediaStorage
from ishr_site.settings import object_storage_settings
from programmes.buckets import PrivateS3Storage
from programmes.models import Application
from programmes.storage import PrivateFileStorage, private_storage
from tests import object_storage as seaweedfs_servers
from tests.object_storage import BUCKET_STORAGES, PRIVATE_BUCKET, PUBLIC_BUCKET, SITE_KEY

FULL = {
    "AWS_ACCESS_KEY_ID": "key",
    "AWS_SECRET_ACCESS_KEY": "secret",
    "AWS_STORAGE_BUCKET_NAME": "ishr-media",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME": "ishr-private",
}

# --- Settings -------------------------------------------------------------------------------


def test_without_the_variables_the_files_stay_on_disk():
    assert object_storage_settings({}) == {
        "AWS_ACCESS_KEY_ID": "",
        "AWS_SECRET_ACCESS_KEY": "",
        "AWS_STORAGE_BUCKET_NAME": "",
        "AWS_PRIVATE_STORAGE_BUCKET_NAME": "",
        "AWS_S3_ENDPOINT_URL": None,
        "AWS_S3_REGION_NAME": "us-east-1",
    }


def test_with_every_variable_the_buckets_are_named_and_the_endpoint_is_optional():
    found = object_storage_settings({**FULL, "AWS_S3_ENDPOINT_URL": "http://s3.internal:8333"})
    assert found["AWS_STORAGE_BUCKET_NAME"] == "ishr-media"
    assert found["AWS_PRIVATE_STORAGE_BUCKET_NAME"] == "ishr-private"
    assert found["AWS_S3_ENDPOINT_URL"] == "http://s3.internal:8333"
    assert object_storage_settings(FULL)["AWS_S3_ENDPOINT_URL"] is None  # AWS itself


@pytest.mark.parametrize("left_out", sorted(FULL))
def test_half_a_configuration_is_refused_naming_what_is_missing(left_out):
    given = {name: value for name, value in FULL.items() if name != left_out}
    with pytest.raises(ImproperlyConfigured, match=f"half configured: set {left_out} too"):
        object_storage_settings(given)


def test_an_endpoint_alone_is_refused():
    with pytest.raises(ImproperlyConfigured, match="AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"):
        object_storage_settings({"AWS_S3_ENDPOINT_URL": "http://s3.internal:8333"})


def test_one_bucket_for_public_media_and_documents_is_refused():
    with pytest.raises(ImproperlyConfigured, match="another bucket"):
        object_storage_settings({**FULL, "AWS_PRIVATE_STORAGE_BUCKET_NAME": "ishr-media"})


# --- The storages ---------------------------------------------------------------------------


def test_a_public_media_url_stays_on_the_site_host(settings):
    settings.AWS_STORAGE_BUCKET_NAME = PUBLIC_BUCKET
    storage = PublicMediaStorage()
    assert storage.url("highlights/renditions/a-1f2e-400.avif") == (
        "/media/highlights/renditions/a-1f2e-400.avif"
    )
    assert storage.url("highlights/un café.jpg") == "/media/highlights/un%20caf%C3%A9.jpg"
    assert storage.bucket_name == PUBLIC_BUCKET
    assert storage.get_object_parameters("x.jpg") == {"CacheControl": PUBLIC_CACHE_CONTROL}
    config = storage.client_config
    assert (config.s3["addressing_style"], config.signature_version) == ("path", "s3v4")
    assert storage.default_acl is None


def test_a_private_bucket_document_has_no_url(settings):
    settings.AWS_PRIVATE_STORAGE_BUCKET_NAME = PRIVATE_BUCKET
    storage = PrivateS3Storage()
    assert storage.bucket_name == PRIVATE_BUCKET
    with pytest.raises(ValueError, match="no URL"):
        storage.url("applications/cv/a.pdf")


def test_the_document_fields_follow_the_storages_setting(settings):
    """Pins `forget_private_storage()` (LazyObject's `_wrapped`): a field keeps the storage
    it was given when its class was made, and must still reach the one STORAGES names."""
    field_storage = Application._meta.get_field("cv").storage
    assert field_storage is private_storage()
    assert isinstance(field_storage, PrivateFileStorage)

    with override_settings(STORAGES={**settings.STORAGES, **BUCKET_STORAGES}):
        assert isinstance(field_storage, PrivateS3Storage)
        assert isinstance(default_storage, PublicMediaStorage)

    assert isinstance(field_storage, PrivateFileStorage)
    assert isinstance(default_storage, FileSystemStorage)


# --- SeaweedFS ------------------------------------------------------------------------------


def test_without_weed_the_bucket_tests_skip_and_say_why(monkeypatch, tmp_path):
    monkeypatch.setattr(seaweedfs_servers, "WEED", tmp_path / "weed")
    monkeypatch.delenv("REQUIRE_OBJECT_STORAGE", raising=False)
    with pytest.raises(pytest.skip.Exception, match="SeaweedFS is not installed"):
        seaweedfs_servers.require_weed()


def test_without_weed_the_bucket_tests_fail_where_they_are_required(monkeypatch, tmp_path):
    monkeypatch.setattr(seaweedfs_servers, "WEED", tmp_path / "weed")
    monkeypatch.setenv("REQUIRE_OBJECT_STORAGE", "1")
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_OBJECT_STORAGE=1"):
        seaweedfs_servers.require_weed()


def test_the_bucket_server_refuses_a_wrong_secret(seaweedfs):
    client = seaweedfs.client(key=SITE_KEY, secret="not-the-secret")
    with pytest.raises(ClientError, match="SignatureDoesNotMatch"):
        client.put_object(Bucket=PUBLIC_BUCKET, Key="highlights/x.jpg", Body=b"x")
    assert seaweedfs.objects(PUBLIC_BUCKET) == {}


def test_anyone_may_read_the_public_bucket_but_not_list_it_nor_write_to_it(object_storage):
    default_storage.save("highlights/photo.jpg", ContentFile(b"\xff\xd8 a photo"))

    assert object_storage.anonymous_get(PUBLIC_BUCKET, "highlights/photo.jpg") == (
        200,
        b"\xff\xd8 a photo",
    )
    assert object_storage.anonymous_get(PUBLIC_BUCKET, "")[0] == 403
    assert object_storage.anonymous_get(PUBLIC_BUCKET, "?list-type=2")[0] == 403
    head = object_storage.client().head_object(Bucket=PUBLIC_BUCKET, Key="highlights/photo.jpg")
    assert head["CacheControl"] == PUBLIC_CACHE_CONTROL
    assert head["ContentType"] == "image/jpeg"


def test_a_name_already_taken_in_a_bucket_gets_another_as_on_disk(object_storage):
    first = default_storage.save("highlights/photo.jpg", ContentFile(b"first"))
    second = default_storage.save("highlights/photo.jpg", ContentFile(b"second"))

    assert first == "highlights/photo.jpg"
    assert second != first
    assert object_storage.read(PUBLIC_BUCKET, first) == b"first"
