import re

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..choices import SuccessionKind
from ..querysets import AgencyQuerySet, ScopedQuerySet

# Materialized path: each level adds a fixed-width base-36 segment (Wagtail's scheme).
PATH_STEP = 4
PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# A provincial agency's name after its office ("Thi hành án dân sự tỉnh ", "Cục Thi hành án dân sự
# thành phố "): its place. Provinces sit on the tree's second level (two path segments).
PLACE_PREFIX = re.compile(r"^(?:Cục\s+)?Thi hành án dân sự\s+(?:tỉnh|thành phố)\s+", re.IGNORECASE)
PROVINCE_PATH = 2 * PATH_STEP


def path_segment(index: int) -> str:
    digits = []
    for _position in range(PATH_STEP):
        index, remainder = divmod(index, len(PATH_ALPHABET))
        digits.append(PATH_ALPHABET[remainder])
    if index:
        raise ValueError("Too many children under one agency.")
    return "".join(reversed(digits))


def path_index(segment: str) -> int:
    value = 0
    for char in segment:
        value = value * len(PATH_ALPHABET) + PATH_ALPHABET.index(char)
    return value


class Agency(models.Model):
    """An enforcement agency at one level of the tree, valid over a span of dates."""

    class Level(models.TextChoices):
        CENTRAL = "central", _("Central")
        PROVINCIAL = "provincial", _("Provincial")
        LOCAL = "local", _("Local")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Unique CharField: PostgreSQL also gets a varchar_pattern_ops index, so path LIKE 'x%' is indexed.
    path = models.CharField(_("tree path"), max_length=64, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Last day of validity; empty while valid."))

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="agency_validity_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def place(self) -> str:
        """Where its documents are dated ("Tuyên Quang, ngày …"): its province's name, read from the
        provincial agency's own ("Thi hành án dân sự tỉnh Tuyên Quang"); Hà Nội for the central level."""
        if self.level == self.Level.CENTRAL:
            return "Hà Nội"
        province = self if self.level == self.Level.PROVINCIAL else (
            Agency.objects.filter(path=self.path[:PROVINCE_PATH]).first() or self)
        return PLACE_PREFIX.sub("", province.name).strip() or province.name

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_leaf_level(self) -> bool:
        return self.level == self.Level.LOCAL


class AgencySuccessionQuerySet(ScopedQuerySet):
    scope_lookup = "successor_id"


class AgencySuccession(models.Model):
    """A link from an agency to the one that took over its work (merge, split, reorganisation)."""

    predecessor = models.ForeignKey(
        Agency, verbose_name=_("predecessor"), on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Agency, verbose_name=_("successor"), on_delete=models.PROTECT, related_name="predecessor_links"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SuccessionKind.choices)
    effective_date = models.DateField(_("effective date"))

    objects = AgencySuccessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency succession")
        verbose_name_plural = _("agency successions")
        ordering = ["effective_date", "successor__path", "predecessor__path"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique_pair"),
            models.CheckConstraint(condition=~Q(predecessor=F("successor")), name="succession_not_self"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"
