from django.urls import path

from . import views

urlpatterns = [
    path("", views.FiguresView.as_view(), name="figures"),
    path("close/", views.ClosePeriodView.as_view(), name="close_period"),
    path("reopen/", views.ReopenPeriodView.as_view(), name="reopen_period"),
    path("published/", views.PublishedImportView.as_view(), name="published_import"),
    path("targets/", views.TargetsView.as_view(), name="targets"),
    path("targets/template.csv", views.TargetTemplateView.as_view(), name="targets_template"),
    path("exports/", views.ExportsView.as_view(), name="report_exports"),
    path("exports/<int:pk>/", views.ReportJobView.as_view(), name="report_job"),
    path("exports/<int:pk>/progress.json", views.ReportJobProgressView.as_view(), name="report_job_progress"),
    path("exports/<int:pk>/file.<str:kind>", views.ReportFileView.as_view(), name="report_file"),
]
