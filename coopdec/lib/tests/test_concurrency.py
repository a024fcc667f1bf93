"""The optimistic version check (lib/concurrency.py) as the services apply it: a stale write changes nothing."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from coopdec.lib.concurrency import changed_since
from coopdec.projects import services
from coopdec.projects.enums import ProjectKind
from coopdec.projects.factories import ProjectFactory
from coopdec.projects.models import Project


@pytest.fixture
def project(authority_a):
    return ProjectFactory(title="Eau potable à Erevan", lead_authority=authority_a, kind=ProjectKind.DEVELOPMENT)


def test_every_save_of_an_existing_row_counts_one_version(project):
    assert project.version == 1
    project.save()
    project.save(update_fields=["title"])

    assert Project.objects.get(pk=project.pk).version == 3


def test_a_write_based_on_an_older_version_is_refused_with_who_changed_it(editor_a, coordinator, project):
    services.update_project(project=project, author=editor_a, expected_version=1, title="Eau et assainissement")

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.update_project(project=project, author=coordinator, expected_version=1, budget=90000)

    [error] = refused.value.error_list
    assert error.code == "stale_version"
    assert f"changed by \u2068{editor_a.get_full_name()}\u2069 on " in error.message % error.params
    project.refresh_from_db()
    assert (project.title, project.budget, project.version) == ("Eau et assainissement", 100000, 2)


def test_a_script_that_gives_no_version_writes_whatever_the_version(editor_a, project):
    project.save()  # version 2

    services.update_project(project=project, author=editor_a, title="Nouveau titre")

    assert Project.objects.get(pk=project.pk).version == 3


def test_a_revert_is_one_more_version_so_a_page_opened_before_it_is_stale(editor_a, admin_a, project):
    services.update_project(project=project, author=editor_a, expected_version=1, title="Eau et assainissement")
    first = project.history.earliest()

    services.revert(obj=Project.objects.get(pk=project.pk), to_history_id=first.history_id, author=admin_a)

    project.refresh_from_db()
    assert (project.title, project.version) == ("Eau potable à Erevan", 3)
    with pytest.raises(ValidationError):
        services.update_project(project=project, author=editor_a, expected_version=2, title="Perdu")


@pytest.mark.django_db(transaction=True)
def test_of_two_saves_at_the_same_instant_exactly_one_lands(authority_a, editor_a, coordinator):
    """Two real connections race on the row lock: the loser sees the winner's version and is refused."""
    if connection.vendor != "postgresql":
        pytest.skip("needs two concurrent connections with row locks: run the suite on PostgreSQL")
    project = ProjectFactory(lead_authority=authority_a, kind=ProjectKind.DEVELOPMENT)
    barrier = threading.Barrier(2)
    outcomes = []

    def save(author, title):
        barrier.wait()
        try:
            services.update_project(project=project, author=author, expected_version=1, title=title)
            outcomes.append(title)
        except ValidationError as error:
            outcomes.append(error.error_list[0].code)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=args) for args in ((editor_a, "A"), (coordinator, "B"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    saved = Project.objects.get(pk=project.pk)
    assert sorted(outcomes, key=len) == sorted([saved.title, "stale_version"], key=len)
    assert saved.version == 2


def test_a_refused_page_is_told_which_fields_someone_else_changed(editor_a, coordinator, authority_b, project):
    services.update_project(project=project, author=coordinator, expected_version=1, title="Nouveau", budget=5)
    project.refresh_from_db()

    fields = ["title", "description", "budget", "lead_authority"]
    assert changed_since(project, 1, fields) == ["title", "budget"]
    assert changed_since(project, 2, fields) == []
    assert changed_since(project, 99, fields) == fields  # a version the history does not hold: look at everything
