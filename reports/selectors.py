"""Reads of the reports app that depend on who asks."""

from django.db.models import Q

from cases.permissions import sees_own_agency_reports
from cases.scoping import visible_agency_ids

from .models import ReportFile, ReportJob


def report_jobs_for(user):
    """The report jobs a user may see: their own, and, for leadership, every one of their agency
    (including the scheduled ones); always within their scope. Deny by default."""
    visible = visible_agency_ids(user)
    if not visible:
        return ReportJob.objects.none()
    whose = Q(requested_by=user)
    if sees_own_agency_reports(user):
        whose |= Q(owner_agency_id=user.agency_id)
    return ReportJob.objects.filter(whose, agency_id__in=visible).select_related("agency", "requested_by")


def report_file_for(user, job_id, kind):
    """One built file, if the user may see its job; the content is loaded only here."""
    return ReportFile.objects.filter(job__in=report_jobs_for(user).filter(status=ReportJob.Status.DONE),
                                     job_id=job_id, kind=kind).first()
