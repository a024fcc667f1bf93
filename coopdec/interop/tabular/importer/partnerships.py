"""The Partnerships sheet: each row creates, updates, signs or dates a partnership through its services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coopdec.organizations.models import Organization
from coopdec.partnerships import services as partnership_services
from coopdec.partnerships.enums import PartyRole
from coopdec.partnerships.models import Partnership
from coopdec.partnerships.perms import visible_partnerships
from coopdec.partnerships.services import PartySpec
from coopdec.territories.models import Authority, Country

from ..columns import PARTNERSHIP_PREFIX, PARTNERSHIPS
from ..files import Sheet
from .base import Importer, field_changes
from .report import RowFailed


class PartnershipImporter(Importer):
    specs = [PARTNERSHIPS]
    columns_of_codes = {
        **dict.fromkeys(
            ("party_entity", "party_twice", "no_party", "state_party", "unrecognised_country", "author_not_party"),
            "parties",
        ),
        "too_few_parties": "parties",
        "ends_before_start": "ends_on",
        "sent_before_signature": "sent_to_prefect_on",
        "negative": "planned_commitment",
    }
    FIELDS: tuple[str, ...] = ("title", "description", "language", "kind", "mode", "legal_form", "starts_on", "ends_on")
    FIELDS += ("technical_terms", "financial_terms", "planned_commitment", "currency", "reciprocity", "visibility")

    @property
    def refused(self):
        return _("You may only write the partnerships of your own authorities (one of them among the parties).")

    def run(self, sheets: dict[str, Sheet]) -> None:
        seen: dict[str, int] = {}
        visible = visible_partnerships(self.author)
        for number, values in self.rows(sheets, PARTNERSHIPS):
            try:
                existing = self.matching(
                    PARTNERSHIPS, number, values, seen, lambda i: self._find(visible, i), _("partnership")
                )
                parties = self.resolve(PARTNERSHIPS, number, "parties", self._parties, values)
                themes = self.resolve(PARTNERSHIPS, number, "themes", self.references.themes, values.get("themes", []))
                if existing is None:
                    self.write(PARTNERSHIPS, number, self._create, values, parties, themes)
                    self.report.count(PARTNERSHIPS.name).created += 1
                elif self.write(PARTNERSHIPS, number, self._update, number, existing, values, parties, themes):
                    self.report.count(PARTNERSHIPS.name).updated += 1
                else:
                    self.report.count(PARTNERSHIPS.name).unchanged += 1
            except RowFailed:
                continue

    def _find(self, visible, identifier: str):
        pk = identifier.removeprefix(PARTNERSHIP_PREFIX)
        if not identifier.startswith(PARTNERSHIP_PREFIX) or not pk.isdigit():
            return None
        return visible.filter(pk=pk).first()

    def _parties(self, values: dict) -> list[PartySpec] | None:
        if "parties" not in values:
            return None
        specs = []
        for reference, role in values["parties"]:
            entity = self.references.entity(reference, states=True)
            key = {Authority: "authority", Organization: "organization", Country: "country"}[type(entity)]
            specs.append(PartySpec(**{key: entity}, role=role or PartyRole.SIGNATORY))
        return specs

    def _create(self, values, parties, themes) -> Partnership:
        names = [name for name in (*self.FIELDS, "signed_on", "sent_to_prefect_on") if name in values]
        kwargs = {name: self.value(values, name) for name in names}
        return partnership_services.create_partnership(
            author=self.author, parties=parties or [], themes=themes, **kwargs
        )

    def _update(self, number, partnership: Partnership, values, parties, themes) -> bool:
        changes = field_changes(partnership, values, self.FIELDS, self.value)
        current_parties = {(PartySpec.of(p).key(), p.role) for p in partnership.parties.all()}
        if parties is not None and {(spec.key(), spec.role) for spec in parties} == current_parties:
            parties = None
        if "themes" not in values or {t.pk for t in themes} == set(partnership.themes.values_list("pk", flat=True)):
            themes = None
        dates = {}
        for name in ("signed_on", "sent_to_prefect_on"):
            new, old = values.get(name, getattr(partnership, name)), getattr(partnership, name)
            if new != old and old is not None:
                message = _("A recorded date is changed on the partnership's page, not by a spreadsheet.")
                raise ValidationError({name: message})
            if new != old:
                dates[name] = new
        if not (changes or parties is not None or themes is not None or dates):
            return False
        if changes or parties is not None or themes is not None:
            partnership = partnership_services.update_partnership(
                partnership=partnership, author=self.author, parties=parties, themes=themes, **changes
            )
        if "signed_on" in dates:
            partnership = partnership_services.sign_partnership(
                partnership=partnership, author=self.author, signed_on=dates["signed_on"]
            )
        if "sent_to_prefect_on" in dates:
            partnership_services.record_sent_to_prefect(
                partnership=partnership, author=self.author, on=dates["sent_to_prefect_on"]
            )
        return True
