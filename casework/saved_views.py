"""A person's filters of the case list: remembered when they filter, saved under a name, deleted.
Only the list's own filters are kept (paging cursors and the remembering flag are not)."""

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from cases.models import SavedView

# Paging cursors, flags, and the list of one import's cases (a moment's view, not a choice of filters).
NOT_KEPT = {"after", "before", "f", "page", "clear", "remembered", "imported"}
MOST_VIEWS = 30


def kept_query(query: QueryDict) -> str:
    """The list's filters of a query, without empty fields, paging or flags."""
    kept = QueryDict(mutable=True)
    for key, values in query.lists():
        if key not in NOT_KEPT:
            for value in values:
                if value != "":
                    kept.appendlist(key, value)
    return kept.urlencode()[:2000]


def remember(user, query: QueryDict):
    """The filters just used, to open the list with next time (an empty filter forgets them)."""
    text = kept_query(query)
    if not text or text == "sort=-decision_date":
        SavedView.objects.filter(user=user, name="").delete()
        return
    SavedView.objects.update_or_create(user=user, name="", defaults={"query": text})


def forget(user):
    SavedView.objects.filter(user=user, name="").delete()


def save(user, name: str, query: QueryDict) -> SavedView:
    """Save the filters under a name (the same name again replaces them)."""
    name = " ".join(name.split())[:80]
    if not name:
        raise ValidationError({"name": _("Give the list a name.")})
    text = kept_query(query)
    if not text:
        raise ValidationError({"name": _("Choose some filters first: the whole list needs no name.")})
    if (not SavedView.objects.filter(user=user, name=name).exists()
            and SavedView.objects.filter(user=user).exclude(name="").count() >= MOST_VIEWS):
        raise ValidationError({"name": _("You have %(n)s saved lists already: delete one first.") % {"n": MOST_VIEWS}})
    view, _created = SavedView.objects.update_or_create(user=user, name=name, defaults={"query": text})
    return view


def delete(user, pk) -> None:
    SavedView.objects.filter(user=user, pk=pk).exclude(name="").delete()
