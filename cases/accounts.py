"""Logging in and out, and one's own password: Django's views with the login protection's message
and the project's password rules."""

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import login_protection


class LoginForm(auth_forms.AuthenticationForm):
    def clean(self):
        username = self.cleaned_data.get("username")  # as the field accepted it (no NUL, not too long)
        if username is None:
            return super().clean()
        ends = login_protection.locked_until(username, login_protection.client_address(self.request))
        if ends is not None:
            raise ValidationError(
                _("Too many failed logins: this account is locked until %(time)s. Try again then, or ask your "
                  "administrator to reset the password."),
                code="locked", params={"time": timezone.localtime(ends).strftime("%H:%M")})
        return super().clean()


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True
    extra_context = {"idle_minutes": settings.SESSION_IDLE_SECONDS // 60}
