from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/export.csv", views.CaseExportView.as_view(), name="case_export"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
]
