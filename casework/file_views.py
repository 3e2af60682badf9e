"""Loading a spreadsheet all or nothing, and its templates: the pattern of the pages that import
a register's rows during the upload (followed judgments, the committee's list)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from thads.client import client_address
from thads.today import local_today

from .forms import SpreadsheetForm as FileForm
from .imports import FileRefused

CONTENT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "csv": "text/csv; charset=utf-8"}


class FileImportView(TemplateView):
    """Subclasses name `columns`, `allowed(user)`, `load(data, filename, user, address, today)`,
    `done(result)` (the message) and `success_url`."""

    columns = ()
    success_url = ""

    @staticmethod
    def allowed(user) -> bool:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(form=form or FileForm(), columns=self.columns, **kwargs)

    def post(self, request):
        form = FileForm(request.POST, request.FILES)
        result = None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = self.load(upload.read(), upload.name, user=request.user, address=client_address(request),
                                   today=local_today())
            except FileRefused as refused:
                form.add_error("file", str(refused))
            else:
                if not result.errors:
                    messages.success(request, self.done(result))
                    return redirect(self.success_url)
        return self.render_to_response(self.get_context_data(form=form, result=result))


class FileTemplateView(View):
    """Subclasses name `allowed(user)`, `files` ({kind: function returning the bytes}) and `filename`."""

    files: dict = {}
    filename = ""

    @staticmethod
    def allowed(user) -> bool:
        raise NotImplementedError

    def get(self, request, kind):
        if not self.allowed(request.user):
            raise PermissionDenied
        if kind not in self.files:
            raise Http404
        response = HttpResponse(self.files[kind](), content_type=CONTENT_TYPES[kind])
        response["Content-Disposition"] = f'attachment; filename="{self.filename}.{kind}"'
        return response
