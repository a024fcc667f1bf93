"""IATI downloads for everyone: an authority's public projects, a list of public projects, its organisation file.

Their routes keep the ``interop`` namespace (``interop:authority_activities``…), beside the officers' import pages.
"""

from django.shortcuts import get_object_or_404
from django.urls import path

from coopdec.interop.iati.downloads import activities_download, xml_download
from coopdec.interop.iati.identifiers import authority_org_ref
from coopdec.interop.iati.writer import write_organisation
from coopdec.projects.models import Project
from coopdec.territories.models import Authority

MAX_LISTED_PROJECTS = 1000


def authority_activities(request, code: str):
    """The authority's public projects as an IATI 2.03 activity file, reported by the authority."""
    authority = get_object_or_404(Authority, code=code)
    projects = Project.objects.public().led_by(authority).order_by("pk")
    return activities_download(projects, f"iati-activities-{code}.xml", reporting_org=authority_org_ref(authority))


def projects_activities(request):
    """Public projects chosen by id (``?id=1&id=2``, as the atlas lists them) as an IATI activity file."""
    ids = [int(value) for value in request.GET.getlist("id") if value.isdigit()][:MAX_LISTED_PROJECTS]
    projects = Project.objects.public().filter(pk__in=ids).order_by("pk")
    return activities_download(projects, "iati-activities.xml")


def authority_organisation(request, code: str):
    """The authority's IATI organisation file: identifier, name, total budget per year."""
    authority = get_object_or_404(Authority, code=code)
    projects = Project.objects.public().filter(fundings__funder_authority=authority).distinct()
    projects = projects.prefetch_related("fundings")
    return xml_download(lambda stream: write_organisation(authority, projects, stream), f"iati-organisation-{code}.xml")


urlpatterns = [
    path("iati/authority/<str:code>/activities.xml", authority_activities, name="authority_activities"),
    path("iati/authority/<str:code>/organisation.xml", authority_organisation, name="authority_organisation"),
    path("iati/projects.xml", projects_activities, name="projects_activities"),
]
