"""The case list remembers the filters a person last chose, and keeps the lists they name."""

from django.urls import reverse

from cases.models import SavedView, User


def test_filters_are_remembered_and_forgotten(client, tree, make_user):
    user = make_user(tree.province, User.Role.OFFICIAL)
    client.force_login(user)
    assert client.get(reverse("case_list")).status_code == 200  # nothing remembered yet
    client.get(reverse("case_list"), {"state": "unclassified", "q": "", "after": "x", "f": "1"})
    assert SavedView.objects.get(user=user, name="").query == "state=unclassified"
    response = client.get(reverse("case_list"))
    assert response.status_code == 302 and response.url == reverse("case_list") + "?state=unclassified&remembered=1"
    assert client.get(response.url).context["remembered"] is True
    # Filtering again says nothing of last time; one import's cases are a moment's view, never remembered.
    assert client.get(reverse("case_list"), {"state": "unclassified", "f": "1"}).context["remembered"] is False
    client.get(reverse("case_list"), {"state": "unclassified", "imported": "1_2", "f": "1"})
    assert SavedView.objects.get(user=user, name="").query == "state=unclassified"
    # A link from a figure or a page's cursor is not a choice to remember.
    client.get(reverse("case_list"), {"focus": "complaints"})
    assert SavedView.objects.get(user=user, name="").query == "state=unclassified"
    response = client.get(reverse("case_list"), {"clear": "1"})
    assert response.url == reverse("case_list") and not SavedView.objects.filter(user=user).exists()
    assert client.get(reverse("case_list")).status_code == 200


def test_named_lists_are_each_persons_own(client, tree, make_user, vietnamese):
    user, other = make_user(tree.province, User.Role.OFFICIAL), make_user(tree.province, User.Role.OFFICIAL)
    client.force_login(user)
    response = client.post(reverse("saved_view_create"), {"name": "  Việc   lớn ", "query": "amount_min=1.000.000&f=1"})
    view = SavedView.objects.get(user=user, name="Việc lớn")
    assert view.query == "amount_min=1.000.000" and response.url.endswith("?amount_min=1.000.000")
    page = client.get(reverse("case_list"), {"amount_min": "1.000.000"})
    assert [v.name for v in page.context["saved"]] == ["Việc lớn"]
    client.post(reverse("saved_view_create"), {"name": "", "query": "amount_min=1"})
    assert SavedView.objects.filter(user=user).count() == 1  # a list needs its name
    client.force_login(other)
    assert client.get(reverse("case_list"), {"amount_min": "1.000.000"}).context["saved"] == []
    client.post(reverse("saved_view_delete", args=[view.pk]))
    assert SavedView.objects.filter(pk=view.pk).exists()  # not theirs to delete
    client.force_login(user)
    client.post(reverse("saved_view_delete", args=[view.pk]))
    assert not SavedView.objects.filter(pk=view.pk).exists()
