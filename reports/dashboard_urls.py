"""The dashboard, the site's home page (included at the root by thads.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="home"),
]
