from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

urlpatterns = [
    # The language switch works before signing in too (the login page has it).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # One login page for the whole site, with its protection (cases.login_protection).
    path("admin/login/", login_not_required(RedirectView.as_view(pattern_name="login", query_string=True))),
    # One page to change one's password, whose old password counts into the login lock.
    path("admin/password_change/", RedirectView.as_view(pattern_name="password_change")),
    path("admin/", admin.site.urls),
    path("", include("reports.dashboard_urls")),
    path("figures/", include("reports.urls")),
    path("", include("cases.urls")),
    path("", include("casework.urls")),
]

# A database that does not answer is a 503 asking to try again shortly (thads.errors).
handler500 = "thads.errors.server_error"
