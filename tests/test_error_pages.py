"""The server's error pages: a database that does not answer is a 503 that says nothing was saved
and to try again shortly; any other failure the 500 page. Both in Vietnamese, without markup typed by anyone."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from cases import selectors
from cases.models import User


@pytest.fixture
def browsing(tree, make_user):
    client = Client(raise_request_exception=False)
    client.force_login(make_user(tree.unit1, User.Role.CLERK))
    return client


def test_a_database_away_is_a_503_to_try_again(browsing, monkeypatch):
    def away(user):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(selectors, "visible_cases", away)
    response = browsing.get(reverse("case_list"))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Cơ sở dữ liệu không phản hồi" in page and "Chưa có gì được lưu" in page
    assert "127.0.0.1" not in page  # nothing of the error itself


def test_any_other_failure_is_the_500_page(browsing, monkeypatch):
    def broken(user):
        raise ZeroDivisionError

    monkeypatch.setattr(selectors, "visible_cases", broken)
    response = browsing.get(reverse("case_list"))
    assert response.status_code == 500 and "Lỗi máy chủ" in response.content.decode()
