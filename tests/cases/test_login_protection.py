"""Login protection: lockout after repeated failures (by username and by address), the password
rules, a session's expiry, one login page for the whole site."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cases import login_protection
from cases.models import LoginAttempt, User
from tests import factories
from thads.client import client_address

LOCKED = "Đăng nhập sai quá nhiều lần: tài khoản này tạm khóa đến"


@pytest.fixture
def clerk(tree, make_user):
    return make_user(tree.unit1, User.Role.CLERK, username="thuky1")


def log_in(client, username, password=factories.PASSWORD, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def age_attempts(minutes):
    LoginAttempt.objects.update(at=timezone.now() - timedelta(minutes=minutes))


def test_five_failures_lock_the_account_even_against_the_right_password(client, clerk, vietnamese):
    for _attempt in range(login_protection.FAILURES_PER_USERNAME):
        response = log_in(client, "thuky1", "sai-mat-khau")
        assert LOCKED not in response.content.decode()
    response = log_in(client, "thuky1")
    assert response.status_code == 200 and LOCKED in response.content.decode()
    assert not logged_in(client)
    # The lock is the backend's: no other way in (the admin's form, an API) gets past it.
    request = RequestFactory().post("/", REMOTE_ADDR="10.9.9.9")
    assert authenticate(request, username="thuky1", password=factories.PASSWORD) is None
    # Typed in capitals, it is the same account.
    assert LOCKED in log_in(client, "THUKY1").content.decode()
    age_attempts(login_protection.WINDOW.seconds // 60 + 1)
    assert log_in(client, "thuky1").status_code == 302 and logged_in(client)


def test_a_success_starts_the_count_again(client, clerk):
    for _attempt in range(login_protection.FAILURES_PER_USERNAME - 1):
        log_in(client, "thuky1", "sai")
    assert log_in(client, "thuky1").status_code == 302
    client.logout()
    for _attempt in range(login_protection.FAILURES_PER_USERNAME - 1):
        log_in(client, "thuky1", "sai")
    assert log_in(client, "thuky1").status_code == 302 and logged_in(client)


def test_many_failures_from_one_address_slow_it_for_every_account(client, clerk, vietnamese):
    for i in range(login_protection.FAILURES_PER_ADDRESS):
        log_in(client, f"khong-co-{i}", "sai", address="10.0.0.66")
    assert LOCKED in log_in(client, "thuky1", address="10.0.0.66").content.decode()
    assert log_in(client, "thuky1", address="10.0.0.7").status_code == 302


def test_every_attempt_is_recorded_with_its_address(client, clerk):
    log_in(client, "thuky1", "sai", address="10.0.0.5")
    log_in(client, "thuky1", address="10.0.0.5")
    assert list(LoginAttempt.objects.order_by("at", "id").values_list("username", "address", "succeeded")) == [
        ("thuky1", "10.0.0.5", False), ("thuky1", "10.0.0.5", True)]


def test_the_address_behind_trusted_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_address(request) == "10.1.1.1"  # no proxy trusted: the header is anyone's
    settings.TRUSTED_PROXIES = 1
    assert client_address(request) == "203.0.113.9"  # what our proxy saw, not the forged first


def test_the_admin_has_no_login_page_of_its_own(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=/admin/"


@pytest.mark.parametrize("password", ["abcdefghijk", "abcdefgh12", "Ab1!", "0123456789ab"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_good_password_passes():
    validate_password("Thads@2026")
    validate_password("mua-thu Ha Noi 2026")


def test_changing_ones_password_keeps_the_old_one_until_the_new_passes(client, clerk, vietnamese):
    client.force_login(clerk)
    page = client.post(reverse("password_change"), {"old_password": factories.PASSWORD,
                                                    "new_password1": "matkhaumoi", "new_password2": "matkhaumoi"})
    assert page.status_code == 200
    assert "Mật khẩu phải có ít nhất ba trong bốn loại ký tự" in page.content.decode()
    clerk.refresh_from_db()
    assert clerk.check_password(factories.PASSWORD)
    done = client.post(reverse("password_change"), {"old_password": factories.PASSWORD,
                                                    "new_password1": "Mat-khau-2027", "new_password2": "Mat-khau-2027"})
    assert done.status_code == 302 and done["Location"] == reverse("password_change_done")
    clerk.refresh_from_db()
    assert clerk.check_password("Mat-khau-2027")


def test_an_idle_session_ends_and_the_login_page_says_why(client, clerk, settings, vietnamese):
    client.force_login(clerk)
    assert client.get(reverse("case_list")).status_code == 200
    session = client.session
    assert time.time() - session["seen"] < 5
    session["seen"] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 1
    session.save()
    response = client.get(reverse("case_list") + "?q=mai")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Fcases%2F%3Fq%3Dmai&expired=1"
    assert not logged_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "Bạn đã bị đăng xuất sau 60 phút không thao tác" in page


def test_an_active_session_is_written_at_most_once_a_minute(client, clerk):
    client.force_login(clerk)
    client.get(reverse("case_list"))
    seen = client.session["seen"]
    client.get(reverse("case_list"))
    assert client.session["seen"] == seen


def test_the_session_ends_with_the_browser(client, clerk):
    response = log_in(client, "thuky1")
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""


def test_a_username_with_a_nul_is_refused_by_the_form(client, clerk, vietnamese):
    """Found by the fuzzing: PostgreSQL refuses NUL in text, and the lock was looked up before the
    form had checked the username (a server error)."""
    response = log_in(client, "thu\x00ky1")
    assert response.status_code == 200 and not logged_in(client)


def test_wrong_old_passwords_count_into_the_same_lock(client, clerk, vietnamese):
    """A stolen session is no way to guess the password: each wrong old password on the change-
    password page counts as a failed login, and once locked neither the page nor the login
    checks a password, the right one included."""
    client.force_login(clerk)
    new = {"new_password1": "Mat-khau-2027", "new_password2": "Mat-khau-2027"}
    for _attempt in range(login_protection.FAILURES_PER_USERNAME):
        response = client.post(reverse("password_change"), {"old_password": "doan-thu", **new}, REMOTE_ADDR="10.0.0.9")
        assert response.status_code == 200 and response.context["form"].errors["old_password"]
    response = client.post(reverse("password_change"), {"old_password": factories.PASSWORD, **new}, REMOTE_ADDR="10.0.0.9")
    said = " ".join(response.context["form"].errors["old_password"])
    assert response.status_code == 200 and "Sai mật khẩu quá nhiều lần: tài khoản này tạm khóa đến" in said
    clerk.refresh_from_db()
    assert clerk.check_password(factories.PASSWORD)  # unchanged
    client.logout()
    assert LOCKED in log_in(client, "thuky1", address="10.0.0.20").content.decode()
    # The admin's own page for it leads to this one.
    client.force_login(clerk)
    assert client.get("/admin/password_change/")["Location"] == reverse("password_change")


def test_an_administrator_changes_their_own_password_where_the_old_one_is_asked(client, tree, make_user):
    """The admin sets an account's password without the old one: for the accounts an administrator
    manages, not for their own (a stolen session would have skipped the lock)."""
    administrator = make_user(tree.province, User.Role.ADMINISTRATOR)
    clerk = make_user(tree.unit1, User.Role.CLERK)
    client.force_login(administrator)
    own = reverse("admin:auth_user_password_change", args=[administrator.pk])
    assert client.get(own)["Location"] == reverse("password_change")
    response = client.post(own, {"password1": "Mat-khau-2027", "password2": "Mat-khau-2027"})
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    administrator.refresh_from_db()
    assert administrator.check_password(factories.PASSWORD)
    theirs = reverse("admin:auth_user_password_change", args=[clerk.pk])
    assert client.get(theirs).status_code == 200
