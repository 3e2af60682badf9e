"""Fewer garbage collections while a bulk write makes millions of short-lived objects.

Python's cycle collector runs after every 700 new container objects; an import's chunk makes
hundreds of thousands, and on an import of 20.000 cases the collections took about a tenth of its
time. Collecting the youngest objects every 100.000 instead keeps that small, without holding a
chunk's cycles longer than a few thousand rows. The setting is the process's: imports running
at once in threads of one process (inline imports in a threaded web worker) share it, so the
first to start raises it and the last to end puts it back.
"""

import gc
import threading
from contextlib import contextmanager

THRESHOLD = 100_000  # new container objects between collections of the youngest generation

_lock = threading.Lock()
_running = 0
_saved = None


@contextmanager
def fewer_collections():
    global _running, _saved
    with _lock:
        if _running == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(THRESHOLD, *_saved[1:])
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                gc.set_threshold(*_saved)
