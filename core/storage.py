"""What the site's storages have in common, whether on disk or in buckets (the bucket
backends themselves are in `core/buckets.py` and `programmes/buckets.py`, imported only when
STORAGES names them: django-storages and boto3 cost a fifth of a second to import)."""

from botocore.exceptions import BotoCoreError, ClientError

# What a storage that fails raises: OSError on disk; botocore's errors from a bucket (a
# refusal, an unreachable endpoint), which are not OSErrors. Code that carries on when a
# file cannot be written or deleted catches these.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)
