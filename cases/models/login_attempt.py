from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginAttempt(models.Model):
    """One try at logging in, kept for the lockout (cases.login_protection) and as a security log."""

    username = models.CharField(_("username typed"), max_length=150)  # folded to lower case
    address = models.CharField(_("from"), max_length=64)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    succeeded = models.BooleanField(_("succeeded"))

    class Meta:
        verbose_name = _("login attempt")
        verbose_name_plural = _("login attempts")
        indexes = [
            models.Index(fields=["username", "at"], name="login_attempt_username"),
            models.Index(fields=["address", "at"], name="login_attempt_address"),
            models.Index(fields=["at"], name="login_attempt_at"),
        ]

    def __str__(self):
        return f"{self.username} · {self.address} · {self.at:%Y-%m-%d %H:%M:%S}"
