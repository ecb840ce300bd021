"""What the site knows of a request's sender."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's address, by which its posts are counted (RATELIMIT_IP_META_KEY).

    Behind a proxy, read from the header named by settings.CLIENT_IP_HEADER; in a list such as
    X-Forwarded-For, the last address, the one the proxy itself wrote (any before it came from
    the client). Without that header, or with no address in it, the connection's own address.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    header = settings.CLIENT_IP_HEADER
    if not header or header == "REMOTE_ADDR":
        return remote
    value = request.META.get(header, "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return remote
