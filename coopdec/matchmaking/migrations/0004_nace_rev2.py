"""Make NACE Rev. 2 the sector vocabulary of databases that 0002 filled with Rev. 2.1 (from ``naceconverter``).

A fresh database already gets Rev. 2 from 0002 (it reads ``vocabulary.nace_entries``, now the shipped Rev. 2
file), and this migration then changes nothing. On a database loaded with Rev. 2.1 it:

1. re-points the profiles' sectors from Rev. 2.1 classes to Rev. 2 classes: the classes whose code moved between
   the revisions for the activities the platform's profiles use (``REV21_TO_REV2``); a Rev. 2.1 code that is also
   a Rev. 2 class keeps its code (true for most classes — this is not Eurostat's full correspondence table, which
   the platform does not ship); a Rev. 2.1 code with no Rev. 2 class of that code and no entry in the table is
   dropped from the profile, since no exact Rev. 2 class can be told for it;
2. writes every Rev. 2 row (titles, levels and parents change: division 62 moves from section K back to J…);
3. deletes the rows that are not Rev. 2 (section V, division 45's absence reversed, the Rev. 2.1-only classes).

Irreversible in substance: going back leaves the Rev. 2 data in place (a no-op), since Rev. 2.1 is no longer
shipped with the platform.
"""

from django.db import migrations

# Rev. 2.1 class → Rev. 2 class where the code differs and one Rev. 2 class takes the activity (or its main part),
# by the titles of both revisions; the codes the platform's demonstration profiles and evaluation set used are here.
REV21_TO_REV2 = {
    "14.21": "14.13",  # outerwear
    "14.22": "14.14",  # underwear
    "14.23": "14.12",  # workwear
    "14.24": "14.11",  # leather clothes (and fur apparel, Rev. 2 14.20)
    "31.00": "31.09",  # furniture: household furniture is Rev. 2 "other furniture"
    "35.12": "35.11",  # production of electricity from renewable sources
    "35.13": "35.12",  # transmission of electricity
    "35.14": "35.13",  # distribution of electricity
    "35.15": "35.14",  # trade of electricity
    "41.00": "41.20",  # construction of residential and non-residential buildings
    "56.11": "56.10",  # restaurant activities
    "56.12": "56.10",  # mobile food service activities
    "56.22": "56.29",  # contract catering and other food service activities
    "58.11": "58.11",  # publishing of books
    "58.12": "58.13",  # publishing of newspapers
    "58.13": "58.14",  # publishing of journals and periodicals
    "58.19": "58.19",  # other publishing activities
    "62.10": "62.01",  # computer programming activities
    "62.20": "62.02",  # computer consultancy (and facilities management, Rev. 2 62.03)
    "62.90": "62.09",  # other information technology and computer service activities
    "63.10": "63.11",  # data processing, hosting and related activities
    "63.91": "63.12",  # web (search) portals
    "63.92": "63.99",  # other information service activities
    "70.20": "70.22",  # business and other management consultancy activities
    "73.30": "70.21",  # public relations and communication activities
}


def to_rev2(apps, schema_editor):
    from coopdec.matchmaking.vocabulary import nace_entries

    Sector = apps.get_model("matchmaking", "Sector")
    Profile = apps.get_model("matchmaking", "Profile")
    entries = list(nace_entries())
    rev2 = {entry.code for entry in entries}
    rev2_classes = {entry.code for entry in entries if entry.level == "class"}
    # Only Rev. 2.1 has a section V: a database without it was filled with Rev. 2 and its links are Rev. 2 codes.
    was_rev21 = Sector.objects.filter(code="V", level="section").exists()

    for entry in entries:
        Sector.objects.update_or_create(
            code=entry.code,
            defaults={
                "level": entry.level,
                "parent_id": entry.parent or None,
                "name_en": entry.name_en,
                "name_fr": entry.name_fr,
            },
        )

    # Per profile, so that two Rev. 2.1 classes landing on one Rev. 2 class make one link.
    Link = Profile.sectors.through
    old_links: dict[int, list[str]] = {}
    for profile_id, code in Link.objects.values_list("profile_id", "sector_id") if was_rev21 else []:
        old_links.setdefault(profile_id, []).append(code)
    for profile_id, codes in old_links.items():
        new_codes = {REV21_TO_REV2.get(code, code if code in rev2_classes else None) for code in codes} - {None}
        if new_codes != set(codes):
            Link.objects.filter(profile_id=profile_id).delete()
            Link.objects.bulk_create([Link(profile_id=profile_id, sector_id=code) for code in sorted(new_codes)])

    for level in ("class", "group", "division", "section"):
        Sector.objects.filter(level=level).exclude(code__in=rev2).delete()


class Migration(migrations.Migration):
    dependencies = [("matchmaking", "0003_workflow")]

    operations = [migrations.RunPython(to_rev2, migrations.RunPython.noop)]
