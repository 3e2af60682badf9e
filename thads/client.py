"""Who is at the other end of a request: the one place that reads the client's address.

Behind TRUSTED_PROXIES proxies (settings), REMOTE_ADDR is the nearest proxy's; the browser's
address is the entry that proxy appended to X-Forwarded-For (the last entries are the proxies'
own; earlier ones are whatever the browser sent, and can be forged). The login lock, the change
history and the imports all record this address.
"""

from django.conf import settings


def client_address(request) -> str:
    if request is None:
        return ""
    proxies = settings.TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]
