from django.contrib import admin
from django.urls import include, path

from reports.views import DashboardView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", DashboardView.as_view(), name="home"),
    path("figures/", include("reports.urls")),
    path("", include("cases.urls")),
]
