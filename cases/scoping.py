"""Which agencies a user may see: deny by default.

A user sees the subtree of their own agency and, because history survives a restructure, the
subtrees of that subtree's predecessors (a merged province sees the cases of the provinces it
absorbed). A user with no agency, inactive, or anonymous sees nothing.
"""

import threading
from collections import OrderedDict

from django.apps import apps
from django.db.models import Q

from thads import cache, data_version


def visible_agency_ids(user) -> frozenset:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.agency_id is None:
        return frozenset()
    cached = getattr(user, "_visible_agency_ids", None)
    if cached is None or cached[0] != user.agency_id:
        cached = (user.agency_id, agency_scope_ids(user.agency_id))
        user._visible_agency_ids = cached
    return cached[1]


def scope_of(user, agency_id) -> frozenset:
    """agency_scope_ids, remembered on the user object for the request (a page asks several times)."""
    if agency_id == user.agency_id:
        return visible_agency_ids(user)
    cache = user.__dict__.setdefault("_agency_scopes", {})
    if agency_id not in cache:
        cache[agency_id] = agency_scope_ids(agency_id)
    return cache[agency_id]


SCOPE_SECONDS = 3600
# The scopes last read by this process, under the same keys: a national scope's thousand ids
# unpickled from the cache on every page cost more than the round trip that fetched them.
KEPT = OrderedDict()
KEPT_SCOPES = 256
_kept_lock = threading.Lock()


def agency_scope_ids(agency_id) -> frozenset:
    """The agency's subtree plus the subtrees of all its (and its descendants') predecessors.

    Remembered in the cache (and by the process) under the tree version, which every write to an
    agency or a succession moves (`audit.recorder.followed`): three queries a page otherwise.
    """
    return _kept(f"scope-ids:{agency_id}", lambda: _scope_ids(agency_id))


# Beside the scopes: every agency's id, once a root's scope was read (the scopes' key was renamed
# with it, so that no scope cached before, without it, is read: the tree is then learnt at once).
EVERY_AGENCY = "scope-ids:*"


def covers_every_agency(ids) -> bool:
    """Whether `ids` holds every agency of the tree (a national scope: its figures are the national
    rollup's). Known once a root's scope is read and found to hold every agency (remembered with
    the scopes, under the tree version; costing no query of its own); not known, the answer is no."""
    version = data_version.tree_current()
    every = _kept(EVERY_AGENCY, None, version)
    return every is not None and every.issubset(ids)


def _kept(name, compute, version=None) -> frozenset | None:
    """The ids remembered under `name` and the tree version, else `compute()`d and remembered
    (`compute` None: None)."""
    version = data_version.tree_current() if version is None else version
    if version is None:
        return compute() if compute else None
    key = f"{name}:{version}"
    with _kept_lock:
        ids = KEPT.get(key)
        if ids is not None:
            KEPT.move_to_end(key)
            return ids
    ids = cache.get(key)
    if ids is None:
        if compute is None:
            return None
        ids = compute()
        cache.set(key, ids, SCOPE_SECONDS)
    _keep(key, ids)
    return ids


def _keep(key, ids):
    with _kept_lock:
        KEPT[key] = ids
        while len(KEPT) > KEPT_SCOPES:
            KEPT.popitem(last=False)


def _remember_every_agency(ids):
    version = data_version.tree_current()
    if version is not None:
        key = f"{EVERY_AGENCY}:{version}"
        cache.set(key, ids, SCOPE_SECONDS)
        _keep(key, ids)


def _scope_ids(agency_id) -> frozenset:
    # By label from Django's registry: the models' managers are built on the querysets that call
    # this module, so it cannot import them.
    Agency, AgencySuccession = apps.get_model("cases", "Agency"), apps.get_model("cases", "AgencySuccession")
    found = Agency.objects.filter(pk=agency_id).values_list("path", "parent_id").first()
    if found is None:
        return frozenset()
    root, parent_id = found
    seen_paths: set[str] = set()
    ids: set[int] = set()
    every = None
    frontier = {root}
    while frontier:
        seen_paths |= frontier
        if parent_id is None and every is None:
            # A root's subtree read with every other agency (one query all the same), to learn
            # whether its scope is the whole tree (covers_every_agency).
            rows = list(Agency.objects.values_list("pk", "path"))
            every = frozenset(pk for pk, _path in rows)
            new_ids = {pk for pk, path in rows if path.startswith(root)}
        else:
            prefix = Q()
            for path in frontier:
                prefix |= Q(path__startswith=path)
            new_ids = set(Agency.objects.filter(prefix).values_list("pk", flat=True)) - ids
        ids |= new_ids
        predecessor_paths = set(
            AgencySuccession.objects.filter(successor_id__any_of=new_ids).values_list("predecessor__path", flat=True)
        )
        frontier = _outermost({p for p in predecessor_paths if not any(p.startswith(s) for s in seen_paths)})
    if every is not None and ids >= every:
        _remember_every_agency(every)
    return frozenset(ids)


def _outermost(paths) -> set:
    """The paths not inside another of them: a merged province's old units sit under its old
    provinces, and one prefix condition each is what keeps the query short nationally."""
    kept = []
    for path in sorted(paths):  # a path sorts right before the paths inside it
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return set(kept)
