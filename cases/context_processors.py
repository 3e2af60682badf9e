from thads import cache

from .models import Case
from .permissions import can_administer_tree, can_export

SAMPLE_FLAG_KEY = cache.read_together("thads:has-sample-data")


def site(request):
    """Marks every page when the register holds sample (demo) data; tells the menu whether the
    user may export reports or keep the tree of units (asked only when the menu is drawn)."""
    has_sample = cache.get_once(SAMPLE_FLAG_KEY)
    if has_sample is None:
        has_sample = Case.objects.filter(is_sample=True).exists()
        cache.set(SAMPLE_FLAG_KEY, has_sample, 300)
    user = getattr(request, "user", None)
    return {"has_sample_data": has_sample, "can_export": lambda: user is not None and can_export(user),
            "can_administer_tree": lambda: user is not None and can_administer_tree(user)}
