"""A person's own workspace ("Việc của tôi"), and where each role lands after signing in."""

from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from cases import workspace
from cases.models import User
from reports.calendar import latest_completed_period
from reports.engine import FiguresNotReady
from reports.own_figures import own_figures
from thads.today import local_today


class StartView(View):
    """After signing in: an officer opens on their own cases, everyone else on the dashboard."""

    def get(self, request):
        return redirect("workspace" if request.user.role == User.Role.OFFICER else "home")


class WorkspaceView(TemplateView):
    template_name = "workspace/workspace.html"

    def get_context_data(self, **kwargs):
        user, today = self.request.user, local_today()
        period = latest_completed_period(today)
        officer = workspace.own_officer(user)
        try:
            figures = own_figures(user, period)
        except FiguresNotReady:
            figures = None
        return super().get_context_data(
            officer=officer, period=period, figures=figures, lists=workspace.work_lists(user, today),
            judgments=workspace.judgment_counts(user, today), today=today, **kwargs)
