"""The shipped NACE Rev. 2 structure (data/nace_rev2.csv) is Eurostat's, level by level."""

import csv
import re
from collections import Counter

from coopdec.matchmaking.vocabulary import DIVISIONS_FR, NACE_FILE, SECTIONS_FR, nace_entries

# Eurostat, NACE Rev. 2: the divisions of each section.
DIVISIONS_OF_SECTION = {
    "A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39), "F": (41, 43), "G": (45, 47),
    "H": (49, 53), "I": (55, 56), "J": (58, 63), "K": (64, 66), "L": (68, 68), "M": (69, 75), "N": (77, 82),
    "O": (84, 84), "P": (85, 85), "Q": (86, 88), "R": (90, 93), "S": (94, 96), "T": (97, 98), "U": (99, 99),
}  # fmt: skip
# Division numbers Eurostat leaves unused inside those ranges.
UNUSED_DIVISIONS = {4, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89}
PATTERN = {"section": r"[A-U]", "division": r"\d\d", "group": r"\d\d\.\d", "class": r"\d\d\.\d\d"}
PARENT_LEVEL = {"division": "section", "group": "division", "class": "group"}


def rows():
    with NACE_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_nace_rev2_has_21_sections_88_divisions_272_groups_and_615_classes():
    assert Counter(row["level"] for row in rows()) == {"section": 21, "division": 88, "group": 272, "class": 615}
    assert len({row["code"] for row in rows()}) == 996


def test_every_code_is_written_as_eurostat_writes_it_and_has_a_title():
    for row in rows():
        assert re.fullmatch(PATTERN[row["level"]], row["code"]), row
        assert row["name_en"].strip() == row["name_en"] and row["name_en"], row


def test_every_parent_exists_one_level_up_and_before_its_children():
    seen = {}
    for row in rows():
        if row["level"] == "section":
            assert row["parent"] == ""
        else:
            assert seen.get(row["parent"]) == PARENT_LEVEL[row["level"]], row
        seen[row["code"]] = row["level"]


def test_groups_and_classes_start_with_their_parent_code():
    for row in rows():
        if row["level"] in ("group", "class"):
            prefix = row["code"][:2] if row["level"] == "group" else row["code"][:4]
            assert prefix == row["parent"], row


def test_the_divisions_of_each_section_are_the_published_ones():
    divisions = {}
    for row in rows():
        if row["level"] == "division":
            divisions.setdefault(row["parent"], []).append(int(row["code"]))
    expected = {
        section: [n for n in range(first, last + 1) if n not in UNUSED_DIVISIONS]
        for section, (first, last) in DIVISIONS_OF_SECTION.items()
    }
    assert divisions == expected


def test_codes_that_differ_from_rev_2_1_are_the_rev_2_ones():
    titles = {row["code"]: row["name_en"] for row in rows()}
    assert titles["62.01"] == "Computer programming activities"
    assert titles["45.20"] == "Maintenance and repair of motor vehicles"
    assert titles["41.20"] == "Construction of residential and non-residential buildings"
    assert titles["56.10"] == "Restaurants and mobile food service activities"
    assert "62.10" not in titles and "V" not in titles and "41.00" not in titles


def test_every_section_and_division_has_a_french_label():
    entries = list(nace_entries())
    assert {e.code for e in entries if e.level == "section"} == set(SECTIONS_FR)
    assert {e.code for e in entries if e.level == "division"} == set(DIVISIONS_FR)
    assert all(e.name_fr for e in entries if e.level in ("section", "division"))
