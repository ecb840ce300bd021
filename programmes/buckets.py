"""Applicants' documents in a bucket (docs/architecture.md, "Files and object storage"),
imported only when STORAGES names it."""

from core.buckets import BucketStorage

from .storage import EncryptedStorageMixin


class PrivateS3Storage(EncryptedStorageMixin, BucketStorage):
    """Applicants' documents in the bucket AWS_PRIVATE_STORAGE_BUCKET_NAME, which nobody but
    the site may read: no URL, no public policy. What it stores is ciphertext, so the objects
    are labelled as bytes, not as the PDF or Word file they were."""

    bucket_setting = "AWS_PRIVATE_STORAGE_BUCKET_NAME"
    object_parameters = {"ContentType": "application/octet-stream"}
