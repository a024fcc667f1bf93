"""The applicants' pages: the calls open to an authority, applying, the application and its budget form, the live
list of rules, documents, submitting — for every role."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import reset_queries
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from coopdec.calls import services
from coopdec.calls.enums import ApplicationStatus, DocumentKind, Source
from coopdec.calls.models import Application, ApplicationDocument

pytestmark = pytest.mark.django_db

CEILING_AT_60 = (
    "part demandée 60\u00a0% (60\u00a0000,00\u00a0€ sur 100\u00a0000,00\u00a0€)\u202f; plafond pour l’Arménie, "
    "autre pays éligible à l’APD, dans cet appel\u202f: 50\u00a0%"
)
CEILING_AT_50 = CEILING_AT_60.replace("60\u00a0% (60\u00a0000", "50\u00a0% (50\u00a0000")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_data(*, title="Eau potable à Erevan", asked="60000", own="30000", in_kind="10000", expenses=(), sdgs=(6,)):
    """The application form as a browser posts it: three resource lines (asked, own, own in kind), no blank row."""
    resources = [(Source.CALL, asked, False), (Source.FRENCH_AUTHORITY, own, False),
                 (Source.FRENCH_AUTHORITY, in_kind, True)]  # fmt: skip
    data = {
        "title": title,
        "sdgs": [str(goal) for goal in sdgs],
        "resources-TOTAL_FORMS": str(len(resources)),
        "resources-INITIAL_FORMS": "0",
        "expenses-TOTAL_FORMS": str(len(expenses)),
        "expenses-INITIAL_FORMS": "0",
    }
    for index, (source, amount, kind) in enumerate(resources):
        data |= {f"resources-{index}-year": "2025", f"resources-{index}-source": source,
                 f"resources-{index}-amount": amount, f"resources-{index}-funder": ""}  # fmt: skip
        if kind:
            data[f"resources-{index}-in_kind"] = "on"
    for index, (kind, amount) in enumerate(expenses):
        data |= {f"expenses-{index}-year": "2025", f"expenses-{index}-kind": kind, f"expenses-{index}-amount": amount}
    return data


def asked_of(application):
    return sum(line.amount for line in application.resources.filter(source=Source.CALL))


# The list and applying ----------------------------------------------------------------------------------------------


def test_a_member_sees_the_calls_open_to_their_authority_and_its_applications(client, open_call, editor_a, application):
    page = client_for(client, editor_a).get(reverse("applications:mine")).content.decode()
    assert "Appels ouverts à ma collectivité" in page and "Appel à projets 2025" in page
    assert "Eau potable à Erevan" in page and "Brouillon" in page and "60\u00a0000,00\u00a0€" in page
    assert reverse("applications:detail", args=[application.pk]) in page  # started already: opened from here
    assert "Candidater avec un autre projet" in page  # an authority may bring several projects to a call


def test_the_detail_page_takes_the_same_queries_however_many_budget_lines(
    client, editor_a, application, django_assert_num_queries, django_assert_max_num_queries
):
    url = reverse("applications:detail", args=[application.pk])
    client_for(client, editor_a).get(url)
    reset_queries()  # the fixtures filled the log: a full log would count nothing
    with django_assert_max_num_queries(100) as three_lines:
        client.get(url)
    queries = len(three_lines)
    client.post(url, form_data() | {"resources-TOTAL_FORMS": "6"} | {
        f"resources-{i}-{name}": value for i in (3, 4, 5)
        for name, value in (("year", "2026"), ("source", Source.PARTNER), ("amount", "1000"), ("funder", "Erevan"))
    })  # fmt: skip
    assert application.resources.count() == 6
    assert queries > 10
    with django_assert_num_queries(queries):
        client.get(url)


def test_the_list_says_when_no_call_is_open_and_no_application_exists(client, call_2024, editor_a):
    page = client_for(client, editor_a).get(reverse("applications:mine")).content.decode()
    assert "Aucun appel à projets n’est ouvert en ce moment." in page
    assert "Vos collectivités n’ont encore aucune candidature." in page and "Appel à projets 2024" not in page


def test_a_visitor_is_sent_to_sign_in(client, application):
    for url in (reverse("applications:mine"), reverse("applications:detail", args=[application.pk])):
        assert "/accounts/login/" in client.get(url).url


def test_an_editor_applies_from_the_authoritys_project_which_brings_its_budget(
    client, open_call, editor_a, authority_a, project
):
    url = reverse("applications:start", args=[open_call.pk]) + f"?authority={authority_a.pk}"
    page = client_for(client, editor_a).get(url).content.decode()
    assert "Eau potable à Erevan" in page and "un nouveau projet" in page
    response = client.post(url, {"authority": authority_a.pk, "project": project.pk, "title": ""})
    application = Application.objects.get()
    assert response.url == reverse("applications:detail", args=[application.pk])
    assert (application.project, asked_of(application)) == (project, Decimal("60000"))
    assert list(application.countries.values_list("code", flat=True)) == ["AM"]


def test_an_editor_applies_with_a_new_project_which_needs_a_title(client, open_call, editor_a, authority_a):
    url = reverse("applications:start", args=[open_call.pk])
    page = client_for(client, editor_a).post(url, {"authority": authority_a.pk, "project": ""}).content.decode()
    assert "Donnez un titre à la candidature." in page and not Application.objects.exists()
    client.post(url, {"authority": authority_a.pk, "project": "", "title": "Jeunesse à Erevan"})
    assert Application.objects.get().title == "Jeunesse à Erevan"


@pytest.mark.parametrize("role", ["editor_b", "coordinator"])
def test_only_the_authoritys_members_apply_for_it(client, open_call, cast, role, authority_a):
    url = reverse("applications:start", args=[open_call.pk])
    response = client_for(client, cast[role]).post(url, {"authority": authority_a.pk, "title": "Intrus"})
    assert response.status_code == 403 and not Application.objects.exists()


def test_a_closed_call_takes_no_application(client, call_2024, editor_a, authority_a):
    url = reverse("applications:start", args=[call_2024.pk])
    response = client_for(client, editor_a).post(url, {"authority": authority_a.pk, "title": "Trop tard"})
    assert response.status_code == 404 and not Application.objects.exists()


# Reading ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [("editor_a", 200), ("admin_a", 200), ("coordinator", 200),
                                              ("editor_b", 403)])  # fmt: skip
def test_who_reads_an_application(client, cast, role, status, application):
    response = client_for(client, cast[role]).get(reverse("applications:detail", args=[application.pk]))
    assert response.status_code == status


def test_the_coordinator_reads_the_application_without_its_form(client, coordinator, application):
    page = client_for(client, coordinator).get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "60\u00a0000,00\u00a0€" in page and CEILING_AT_60 in page
    assert "Enregistrer le brouillon" not in page and 'name="resources-0-amount"' not in page


def test_the_calls_reviewer_reads_the_application_only_once_submitted(client, reviewer, application, editor_a):
    url = reverse("applications:detail", args=[application.pk])
    assert client_for(client, reviewer).get(url).status_code == 403
    lower(editor_a, application)
    services.submit_application(author=editor_a, application=application)
    page = client.get(url).content.decode()
    assert "Soumise" in page and "Enregistrer le brouillon" not in page
    assert client.post(url, form_data(asked="1")).status_code == 403


def lower(editor, application):
    """The journey's second try: 50,000 € asked, 40,000 € of the authority's own (10,000 € of it in kind)."""
    from coopdec.calls.eligibility import Resource

    services.save_draft(author=editor, application=application, resources=[
        Resource(2025, Source.CALL, Decimal("50000")), Resource(2025, Source.FRENCH_AUTHORITY, Decimal("40000")),
        Resource(2025, Source.FRENCH_AUTHORITY, Decimal("10000"), in_kind=True),
    ])  # fmt: skip


# The form and its live rules ------------------------------------------------------------------------------------


def test_the_page_lists_every_rule_with_its_figures_and_links_a_failing_one_to_its_field(client, editor_a, application):
    page = client_for(client, editor_a).get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert f'<a href="#resources" class="link-danger">{CEILING_AT_60}</a>' in page
    assert "part des collectivités françaises 40\u00a0%" in page  # a rule that holds is listed too
    assert 'hx-post="' + reverse("applications:eligibility", args=[application.pk]) in page
    assert 'value="60000.00"' in page and 'id="resources"' in page


def test_the_rules_are_checked_again_on_the_form_as_typed_without_saving(client, editor_a, application):
    url = reverse("applications:eligibility", args=[application.pk])
    panel = client_for(client, editor_a).post(url, form_data(asked="50000", own="40000")).content.decode()
    assert CEILING_AT_50 in panel and "<html" not in panel and "link-danger" not in panel
    assert asked_of(application) == Decimal("60000")  # nothing saved
    panel = client.post(url, form_data(asked="60000")).content.decode()
    assert CEILING_AT_60 in panel and "ne peut pas encore être soumise" in panel


def test_a_blank_or_half_typed_row_does_not_break_the_live_rules(client, editor_a, application):
    data = form_data() | {"resources-TOTAL_FORMS": "4", "resources-3-year": "2025", "resources-3-amount": "abc",
                          "resources-3-source": Source.PARTNER}  # fmt: skip
    panel = client_for(client, editor_a).post(reverse("applications:eligibility", args=[application.pk]), data)
    assert CEILING_AT_60 in panel.content.decode()


@pytest.mark.parametrize("role", ["editor_b", "coordinator", "visitor"])
def test_only_the_authoritys_members_check_a_typed_budget(client, cast, role, application):
    response = client_for(client, cast[role]).post(reverse("applications:eligibility", args=[application.pk]), {})
    assert response.status_code in (302, 403) and (role != "visitor" or "/accounts/login/" in response.url)


def test_the_draft_is_saved_even_while_a_rule_fails(client, editor_a, application):
    url = reverse("applications:detail", args=[application.pk])
    response = client_for(client, editor_a).post(url, form_data(asked="70000", sdgs=(6, 11)))
    assert response.status_code == 302
    application.refresh_from_db()
    assert asked_of(application) == Decimal("70000") and application.sdgs == [6, 11]
    page = client.get(url).content.decode()
    assert "Le brouillon a été enregistré." in page and "(70\u00a0000,00\u00a0€ sur 110\u00a0000,00\u00a0€)" in page


def test_the_blank_rows_a_browser_posts_are_no_lines(client, editor_a, application):
    """The extra rows come back as the browser sends them: empty, their selects on the blank choice."""
    page = client_for(client, editor_a).get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert '<option value="" selected>—</option>' in page
    data = form_data() | {"resources-TOTAL_FORMS": "5", "expenses-TOTAL_FORMS": "2"}
    for index in (3, 4):
        data |= {f"resources-{index}-{name}": "" for name in ("year", "source", "funder", "amount")}
    for index in (0, 1):
        data |= {f"expenses-{index}-{name}": "" for name in ("year", "kind", "amount")}
    response = client.post(reverse("applications:detail", args=[application.pk]), data)
    assert response.status_code == 302 and application.resources.count() == 3


def test_the_list_of_applications_takes_the_same_queries_however_many_there_are(
    client, editor_a, authority_a, open_call, django_assert_num_queries, django_assert_max_num_queries
):
    for title in ("Un", "Deux", "Trois"):
        services.start_application(author=editor_a, call=open_call, authority=authority_a, title=title)
    client_for(client, editor_a).get(reverse("applications:mine"))
    reset_queries()  # the fixtures filled the log: a full log would count nothing
    with django_assert_max_num_queries(100) as three:
        client.get(reverse("applications:mine"))
    queries = len(three)
    assert queries > 3
    for title in ("Quatre", "Cinq"):
        services.start_application(author=editor_a, call=open_call, authority=authority_a, title=title)
    with django_assert_num_queries(queries):
        page = client.get(reverse("applications:mine")).content.decode()
    assert "Cinq" in page and "Trois" in page


def test_a_wrong_amount_is_shown_beside_its_field_and_nothing_is_saved(client, editor_a, application):
    data = form_data() | {"resources-0-amount": "-5"}
    page = client_for(client, editor_a).post(reverse("applications:detail", args=[application.pk]), data)
    assert 'id="id_resources-0-amount_error"' in page.content.decode()
    assert asked_of(application) == Decimal("60000")


@pytest.mark.parametrize("role", ["editor_b", "coordinator"])
def test_only_the_authoritys_members_save_the_draft(client, cast, role, application):
    response = client_for(client, cast[role]).post(
        reverse("applications:detail", args=[application.pk]), form_data(asked="1")
    )
    assert response.status_code == 403 and asked_of(application) == Decimal("60000")


# Documents ----------------------------------------------------------------------------------------------------------


def test_an_editor_attaches_a_document_which_only_readers_download(client, editor_a, cast, application):
    url = reverse("applications:document_add", args=[application.pk])
    upload = SimpleUploadedFile("Budget détaillé.pdf", PDF, content_type="application/pdf")
    response = client_for(client, editor_a).post(url, {"kind": DocumentKind.BUDGET, "file": upload})
    document = ApplicationDocument.objects.get()
    assert response.status_code == 302 and document.original_name == "Budget détaillé.pdf"
    download = reverse("applications:document", args=[application.pk, document.pk])
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("application/pdf", "nosniff")
    client.logout()
    assert client_for(client, cast["editor_b"]).get(download).status_code == 403


def test_a_file_that_is_not_a_document_is_refused_beside_its_field(client, editor_a, application):
    upload = SimpleUploadedFile("budget.pdf", b"MZ not a pdf", content_type="application/pdf")
    page = (
        client_for(client, editor_a)
        .post(
            reverse("applications:document_add", args=[application.pk]), {"kind": DocumentKind.BUDGET, "file": upload}
        )
        .content.decode()
    )
    assert "n’est pas un document PDF" in page and 'id="id_file_error"' in page
    assert not ApplicationDocument.objects.exists()


# Submitting: the journey's figures --------------------------------------------------------------------------------


def test_at_60_percent_the_submission_is_refused_with_the_rules_message_then_at_50_it_is_submitted(
    client, editor_a, admin_a, application, django_capture_on_commit_callbacks
):
    admin_a.language = "en"
    admin_a.save()
    url = reverse("applications:submit", args=[application.pk])
    page = client_for(client, editor_a).get(url).content.decode()
    assert CEILING_AT_60 in page and "disabled" in page
    page = client.post(url).content.decode()
    assert "La candidature n’a pas été soumise" in page and CEILING_AT_60 in page
    assert application.versions.count() == 0

    client.post(reverse("applications:detail", args=[application.pk]), form_data(asked="50000", own="40000"))
    assert CEILING_AT_50 in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    version = application.versions.get()
    assert version.receipt_number == f"AAP-2025-{application.call_id}-{application.pk}-V1"
    assert f"numéro de récépissé {version.receipt_number}" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"editor-a@example.org", "admin-a@example.org"}
    french, english = by_recipient["editor-a@example.org"], by_recipient["admin-a@example.org"]
    assert version.receipt_number in french.subject and "Candidature reçue" in french.subject
    assert "50\u00a0000,00\u00a0€" in french.body and f"/workspace/applications/{application.pk}/" in french.body
    assert "Application received" in english.subject and f"/en/workspace/applications/{application.pk}/" in english.body


@pytest.mark.parametrize("role", ["editor_b", "coordinator"])
def test_only_the_authoritys_members_submit(client, cast, role, application, editor_a):
    lower(editor_a, application)
    response = client_for(client, cast[role]).post(reverse("applications:submit", args=[application.pk]))
    assert response.status_code == 403 and application.versions.count() == 0


def test_after_the_coordinator_asks_for_changes_the_comment_shows_and_the_editor_submits_again(
    client, editor_a, coordinator, application
):
    lower(editor_a, application)
    services.submit_application(author=editor_a, application=application)
    services.request_changes(author=coordinator, application=application, comment="Précisez le suivi.")
    detail = reverse("applications:detail", args=[application.pk])
    page = client_for(client, editor_a).get(detail).content.decode()
    assert page.index("Précisez le suivi.") < page.index("Enregistrer le brouillon")
    assert "Le coordinateur a demandé des modifications" in page
    client.post(detail, form_data(asked="45000", own="45000"))
    client.post(reverse("applications:submit", args=[application.pk]))
    assert [v.number for v in application.versions.all()] == [2, 1]
    assert application.versions.get(number=2).asked == Decimal("45000")


def test_the_open_call_has_its_window_around_today(open_call):
    assert open_call.opens_on < timezone.localdate() < open_call.closes_on
    assert open_call.closes_on - open_call.opens_on == dt.timedelta(days=60)


def test_the_workspace_dashboard_leads_to_the_calls_for_projects(client, editor_a):
    page = client_for(client, editor_a).get(reverse("workspace:dashboard")).content.decode()
    assert f'href="{reverse("applications:mine")}">Appels à projets et mes candidatures</a>' in page


def test_my_applications_are_sorted_by_the_column_asked(client, editor_a, authority_a, open_call):
    for title in ("Bêta", "Alpha", "Gamma"):
        services.start_application(author=editor_a, call=open_call, authority=authority_a, title=title)
    page = client_for(client, editor_a).get(reverse("applications:mine") + "?sort=title").content.decode()
    assert page.index("Alpha") < page.index("Bêta") < page.index("Gamma")
    page = client.get(reverse("applications:mine") + "?sort=-title").content.decode()
    assert page.index("Gamma") < page.index("Bêta") < page.index("Alpha")
    assert 'aria-sort="descending"' in page


def test_a_document_the_call_asks_for_is_linked_from_its_rule_until_attached(
    client, coordinator, editor_a, open_call, application
):
    services.change_rules(author=coordinator, call=open_call, documents=[DocumentKind.BUDGET])
    url = reverse("applications:detail", args=[application.pk])
    page = client_for(client, editor_a).get(url).content.decode()
    assert '<a href="#documents" class="link-danger">pièces encore à joindre\u202f: Budget détaillé</a>' in page
    upload = SimpleUploadedFile("budget.pdf", PDF, content_type="application/pdf")
    client.post(
        reverse("applications:document_add", args=[application.pk]), {"kind": DocumentKind.BUDGET, "file": upload}
    )
    page = client.get(url).content.decode()
    assert "pièces demandées jointes\u202f: Budget détaillé" in page and 'href="#documents"' not in page


def test_without_javascript_a_refused_form_shows_the_rules_of_the_lines_as_typed(client, editor_a, application):
    data = form_data(asked="50000", own="40000") | {"title": ""}
    page = client_for(client, editor_a).post(reverse("applications:detail", args=[application.pk]), data)
    assert CEILING_AT_50 in page.content.decode() and 'id="id_title_error"' in page.content.decode()
    assert asked_of(application) == Decimal("60000")
