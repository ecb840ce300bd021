"""gunicorn's settings for an app host (docs/deploy.md): `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed from the environment file without editing this one.
"""

import multiprocessing
import os

wsgi_app = "ishr_site.wsgi"
# A private address the proxy reaches (never a public one: the app trusts the proxy's
# X-Forwarded-Proto and client-address headers, so only the proxy may talk to it).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the site's requests are short, and slow work runs in the task worker.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
# A request that takes longer is killed and logged; uploads arrive through the proxy, which
# buffers them, so a slow client never holds a worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
# Workers are replaced now and then, so that a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
# Logs go to the journal (standard error); no access log here, the proxy keeps one.
errorlog = "-"
capture_output = True
# Requests come from the proxy on this address only: gunicorn then believes its
# X-Forwarded-* headers for the request's scheme.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
