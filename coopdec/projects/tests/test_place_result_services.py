"""Places and results are written through the services, which check who may edit the project."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coopdec.projects import services
from coopdec.projects.factories import ProjectFactory
from coopdec.projects.models import Place, Result
from coopdec.territories.factories import CountryFactory

WRITES = {"editor_a": True, "editor_b": False, "coordinator": True, "visitor": False}


@pytest.fixture
def project(authority_a):
    return ProjectFactory(lead_authority=authority_a)


@pytest.mark.parametrize(("role", "allowed"), WRITES.items())
def test_who_may_locate_a_project(cast, role, allowed, project):
    country = CountryFactory(code="AM")
    if allowed:
        services.add_place(project=project, author=cast[role], country=country)
    else:
        with pytest.raises(PermissionDenied):
            services.add_place(project=project, author=cast[role], country=country)
    assert Place.objects.filter(project=project).exists() is allowed


def test_a_place_with_no_location_is_refused_and_nothing_is_written(editor_a, project):
    with pytest.raises(ValidationError):
        services.add_place(project=project, author=editor_a, name="Quelque part")
    assert not Place.objects.exists()


@pytest.mark.parametrize(("role", "allowed"), WRITES.items())
def test_who_may_record_and_delete_a_result(cast, editor_a, role, allowed, project):
    result = Result(project=project, indicator="Foyers raccordés à l'eau potable", target=Decimal("1200"))
    if allowed:
        services.save_result(result=result, author=cast[role])
        services.delete_result(result=result, author=cast[role])
        assert not Result.objects.exists()
    else:
        with pytest.raises(PermissionDenied):
            services.save_result(result=result, author=cast[role])
        assert not Result.objects.exists()
        kept = services.save_result(result=Result(project=project, indicator="Kept"), author=editor_a)
        with pytest.raises(PermissionDenied):
            services.delete_result(result=kept, author=cast[role])
        assert Result.objects.filter(pk=kept.pk).exists()
