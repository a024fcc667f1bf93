import pytest

from conftest import client_for

# The Django admin is the coordinators' back-office.
ENTERS = {
    "visitor": False,
    "editor_a": False,
    "admin_a": False,
    "editor_b": False,
    "coordinator": True,
    "platform_admin": True,
}

CHANGELISTS = [
    "/admin/territories/authority/",
    "/admin/territories/country/",
    "/admin/partnerships/partnership/",
    "/admin/projects/project/",
    "/admin/organizations/organization/",
    "/admin/accounts/membership/",
]


@pytest.mark.parametrize(("role", "enters"), ENTERS.items())
def test_only_coordinators_enter_the_back_office(client, cast, role, enters):
    user = cast[role]
    if user is not None and not user.is_staff:
        # Even a staff flag set by mistake must not open the back-office to a non-coordinator.
        user.is_staff = True
        user.save()
    response = client_for(client, user).get("/admin/partnerships/partnership/")
    assert (response.status_code == 200) is enters


@pytest.mark.parametrize("url", CHANGELISTS)
def test_every_changelist_opens_for_a_coordinator(client, coordinator, url):
    assert client_for(client, coordinator).get(url).status_code == 200


@pytest.mark.parametrize(("role", "deletes"), {"coordinator": False, "platform_admin": True}.items())
def test_only_the_platform_administrator_deletes_in_the_back_office(client, cast, authority_a, role, deletes):
    response = client_for(client, cast[role]).get(f"/admin/territories/authority/{authority_a.pk}/delete/")
    assert (response.status_code == 200) is deletes


def partnership_form(foreign):
    return {
        "title": "Convention avec Erevan",
        "description": "",
        "language": "fr",
        "translations": "{}",
        "kind": "convention",
        "status": "signed",
        "currency": "EUR",
        "visibility": "public",
        "parties-TOTAL_FORMS": "1",
        "parties-INITIAL_FORMS": "0",
        "parties-0-authority": str(foreign.pk),
        "parties-0-role": "signatory",
    }


@pytest.mark.parametrize(("role", "writes"), ENTERS.items())
def test_only_coordinators_record_a_partnership_in_the_back_office(client, cast, role, writes):
    from coopdec.partnerships.models import Partnership
    from coopdec.territories.factories import ForeignCityFactory

    foreign = ForeignCityFactory(name="Erevan")
    response = client_for(client, cast[role]).post("/admin/partnerships/partnership/add/", partnership_form(foreign))

    assert Partnership.objects.filter(title="Convention avec Erevan").exists() is writes
    if writes:
        assert response.status_code == 302
        partnership = Partnership.objects.get()
        assert partnership.created_by == cast[role]
        assert [party.authority for party in partnership.parties.all()] == [foreign]
    else:
        assert response.status_code in (302, 403)
