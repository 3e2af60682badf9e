from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..querysets import OfficerQuerySet, UserQuerySet


class UserManagerWithScope(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who logs in: one agency, one role. No agency means nothing is visible."""

    class Role(models.TextChoices):
        LEADERSHIP = "leadership", _("Leadership")
        OFFICIAL = "official", _("Official")
        CLERK = "clerk", _("Clerk")
        OFFICER = "officer", _("Enforcement officer")
        ADMINISTRATOR = "administrator", _("Administrator")

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    agency = models.ForeignKey(
        "cases.Agency", verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.OFFICIAL)

    objects = UserManagerWithScope()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        # The admin's door follows the role (one place): administrators, and superusers made by
        # createsuperuser; nobody else, whatever was set before.
        self.is_staff = self.role == self.Role.ADMINISTRATOR or self.is_superuser
        if kwargs.get("update_fields") is not None and "role" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_staff"}
        super().save(*args, **kwargs)


class Officer(models.Model):
    """An enforcement officer (chấp hành viên); may or may not have a login."""

    class Rank(models.TextChoices):
        JUNIOR = "junior", _("Junior")
        INTERMEDIATE = "intermediate", _("Intermediate")
        SENIOR = "senior", _("Senior")

    agency = models.ForeignKey("cases.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="officers")
    code = models.CharField(_("officer code"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    rank = models.CharField(_("rank"), max_length=16, choices=Rank.choices, default=Rank.INTERMEDIATE)
    user = models.OneToOneField(
        User, verbose_name=_("login"), null=True, blank=True, on_delete=models.SET_NULL, related_name="officer"
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = _("enforcement officer")
        verbose_name_plural = _("enforcement officers")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name
