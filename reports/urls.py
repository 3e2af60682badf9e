from django.urls import path

from . import views

urlpatterns = [
    path("", views.FiguresView.as_view(), name="figures"),
    path("close/", views.ClosePeriodView.as_view(), name="close_period"),
    path("targets/", views.TargetsView.as_view(), name="targets"),
    path("targets/template.csv", views.TargetTemplateView.as_view(), name="targets_template"),
]
