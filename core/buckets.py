"""Files in S3-compatible buckets (django-storages' S3 backend), for several app servers
(docs/architecture.md, "Files and object storage").

The buckets are named by the AWS_* settings (README's configuration table); without them the
site keeps its files on the local disk and none of this is used.
"""

from urllib.parse import urljoin

from botocore.config import Config
from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

# Renditions' names are content-derived and the originals' random: a name always means the
# same bytes, so whatever serves /media/ may keep them for a year.
PUBLIC_CACHE_CONTROL = "public, max-age=31536000, immutable"


class BucketStorage(S3Storage):
    """A bucket named by the setting `bucket_setting`, reached with the site's own key.

    Path-style addresses (`endpoint/bucket/name`, which SeaweedFS and MinIO need), signature
    v4, short timeouts, no ACL (what each bucket lets others read is the server's policy, not
    the objects'), and no second file under a name already taken: as on disk, a save under
    an existing name gets another name (`get_available_name`).
    """

    bucket_setting = "AWS_STORAGE_BUCKET_NAME"
    # A bucket that does not answer holds a request a few seconds, not botocore's default
    # minute per attempt.
    client_config = Config(
        s3={"addressing_style": "path"},
        signature_version="s3v4",
        connect_timeout=5,
        read_timeout=20,
        retries={"mode": "standard", "max_attempts": 3},
    )
    default_acl = None
    file_overwrite = False
    querystring_auth = False

    def get_default_settings(self):
        return {**super().get_default_settings(), "bucket_name": self.bucket_name_setting()}

    def bucket_name_setting(self) -> str:
        return getattr(settings, self.bucket_setting)


class PublicMediaStorage(BucketStorage):
    """Highlight images and their renditions, addressed on the site's own host.

    `url()` gives MEDIA_URL and the name (`/media/highlights/…`), never the bucket's address:
    the site loads nothing from other hosts (the CSP allows images from 'self' only), and the
    proxy in front forwards /media/ to this bucket, which anyone may read.
    """

    object_parameters = {"CacheControl": PUBLIC_CACHE_CONTROL}

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name).lstrip("/"))
