from django.core.cache import cache

from .models import Case

SAMPLE_FLAG_KEY = "thads:has-sample-data"


def site(request):
    """Marks every page when the register holds sample (demo) data."""
    has_sample = cache.get(SAMPLE_FLAG_KEY)
    if has_sample is None:
        has_sample = Case.objects.filter(is_sample=True).exists()
        cache.set(SAMPLE_FLAG_KEY, has_sample, 300)
    return {"has_sample_data": has_sample}
