"""Logging in and out, and one's own password: Django's views with the login protection's message
and the project's password rules."""

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thads.client import client_address

from . import login_protection


def _locked(ends, message=None) -> ValidationError:
    return ValidationError(
        message or _("Too many failed logins: this account is locked until %(time)s. Try again then, or ask your "
                     "administrator to reset the password."),
        code="locked", params={"time": timezone.localtime(ends).strftime("%H:%M")})


WRONG_TOO_OFTEN = _("A wrong password too many times: this account is locked until %(time)s, its login too. Try again "
                    "then, or ask your administrator to reset the password.")


class LoginForm(auth_forms.AuthenticationForm):
    def clean(self):
        username = self.cleaned_data.get("username")  # as the field accepted it (no NUL, not too long)
        if username is None:
            return super().clean()
        ends = login_protection.locked_until(username, client_address(self.request))
        if ends is not None:
            raise _locked(ends)
        return super().clean()


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form, with the old password guarded by the login lock: a wrong one counts as a
    failed login (a stolen session must not become a way to guess the password), and a locked
    account's old password is not checked at all."""

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        username, address = self.user.get_username(), client_address(self.request)
        if ends := login_protection.locked_until(username, address):
            raise _locked(ends, WRONG_TOO_OFTEN)
        old_password = self.cleaned_data["old_password"]
        if not self.user.check_password(old_password):
            login_protection.failure_record(username, address)
            if ends := login_protection.locked_until(username, address):
                raise _locked(ends, WRONG_TOO_OFTEN)
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True
    extra_context = {"idle_minutes": settings.SESSION_IDLE_SECONDS // 60}

    def get_redirect_url(self):
        # The site's bare address lands each role where its day starts (an officer on their own
        # cases: LOGIN_REDIRECT_URL); any other page asked for is where the login returns.
        url = super().get_redirect_url()
        return "" if url == resolve_url("home") else url


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}
