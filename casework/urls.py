from django.urls import path

from . import committee_views, people_views, thahc_views, tree_views, views, workspace_views

urlpatterns = [
    path("my/", workspace_views.WorkspaceView.as_view(), name="workspace"),
    path("start/", workspace_views.StartView.as_view(), name="start"),
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/export.csv", views.CaseExportView.as_view(), name="case_export"),
    path("cases/lists/", views.SavedViewCreateView.as_view(), name="saved_view_create"),
    path("cases/lists/<int:pk>/delete/", views.SavedViewDeleteView.as_view(), name="saved_view_delete"),
    path("cases/new/", views.CaseCreateView.as_view(), name="case_create"),
    path("cases/import/", views.CaseImportView.as_view(), name="case_import"),
    path("cases/import/<str:what>-template.<str:kind>", views.CaseImportTemplateView.as_view(),
         name="case_import_template"),
    path("cases/import/jobs/<int:pk>/", views.ImportJobView.as_view(), name="import_job"),
    path("cases/import/jobs/<int:pk>/progress.json", views.ImportJobProgressView.as_view(), name="import_job_progress"),
    path("cases/<int:pk>/events/new/", views.EventCreateView.as_view(), name="event_create"),
    path("cases/<int:pk>/complaints/new/", views.ComplaintCreateView.as_view(), name="complaint_create"),
    path("cases/<int:pk>/complaints/<int:complaint>/resolve/", views.ComplaintResolveView.as_view(),
         name="complaint_resolve"),
    path("cases/<int:pk>/officer/", views.OfficerAssignView.as_view(), name="officer_assign"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
]

# The tree of units, kept by its administrators (casework.tree_views).
urlpatterns += [
    path("tree/", tree_views.TreeView.as_view(), name="tree"),
    path("tree/new/", tree_views.AgencyCreateView.as_view(), name="agency_create"),
    path("tree/restructure/", tree_views.RestructureView.as_view(), name="restructure"),
    path("tree/file/", tree_views.TreeFileView.as_view(), name="tree_file"),
    path("tree/file/<str:what>.<str:kind>", tree_views.TreeFileDownloadView.as_view(), name="tree_file_download"),
    path("tree/<int:pk>/", tree_views.AgencyDetailView.as_view(), name="agency_detail"),
    path("tree/<int:pk>/people/", people_views.UnitPeopleView.as_view(), name="unit_people"),
    path("tree/officers/<int:pk>/", people_views.OfficerView.as_view(), name="officer_page"),
    path("tree/accounts/<int:pk>/", people_views.AccountView.as_view(), name="account_page"),
]

# Followed administrative judgments (casework.thahc_views).
urlpatterns += [
    path("thahc/", thahc_views.JudgmentListView.as_view(), name="judgment_list"),
    path("thahc/new/", thahc_views.JudgmentCreateView.as_view(), name="judgment_create"),
    path("thahc/import/", thahc_views.JudgmentImportView.as_view(), name="judgment_import"),
    path("thahc/import/template.<str:kind>", thahc_views.JudgmentTemplateView.as_view(), name="judgment_template"),
    path("thahc/<int:pk>/", thahc_views.JudgmentDetailView.as_view(), name="judgment_detail"),
    path("thahc/<int:pk>/steps/new/", thahc_views.StepCreateView.as_view(), name="step_create"),
    path("thahc/<int:pk>/edit/", thahc_views.JudgmentEditView.as_view(), name="judgment_edit"),
    path("thahc/<int:pk>/officer/", thahc_views.JudgmentOfficerView.as_view(), name="judgment_officer"),
]

# The steering committee's case list (casework.committee_views).
urlpatterns += [
    path("committee/", committee_views.CommitteeListView.as_view(), name="committee_list"),
    path("committee/paper.<str:kind>", committee_views.CommitteePaperView.as_view(), name="committee_paper"),
    path("committee/report/", committee_views.CommitteeReportView.as_view(), name="committee_report"),
    path("committee/import/", committee_views.CommitteeImportView.as_view(), name="committee_import"),
    path("committee/import/template.<str:kind>", committee_views.CommitteeTemplateView.as_view(),
         name="committee_template"),
    path("committee/bring/<str:kind>/<int:pk>/", committee_views.BringView.as_view(), name="committee_bring"),
    path("committee/items/<int:pk>/", committee_views.ItemView.as_view(), name="committee_item"),
    path("committee/items/<int:pk>/edit/", committee_views.ItemEditView.as_view(), name="committee_item_edit"),
    path("committee/items/<int:pk>/close/", committee_views.ItemCloseView.as_view(), name="committee_item_close"),
    path("committee/meetings/new/", committee_views.MeetingCreateView.as_view(), name="committee_meeting_create"),
    path("committee/meetings/<int:pk>/", committee_views.MeetingView.as_view(), name="committee_meeting"),
    path("committee/conclusions/<int:pk>/", committee_views.FollowUpView.as_view(), name="committee_follow_up"),
]
