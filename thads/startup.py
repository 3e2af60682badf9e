"""What a web process does once it has started, before its first request."""

import gc


def settle():
    """Import every view (the URLconf is read at the first request otherwise), then set the
    objects of the start-up, about 130.000 of them, outside the garbage collector's reach
    (gc.freeze): they live as long as the process, and each full collection traversed them all,
    55 ms that fell on whichever request was allocating then (issue 27, bench/profile_page.py
    counts a page's collections)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - read for its imports
    gc.collect()
    gc.freeze()
