import re

import pytest

from coopdec.matchmaking.sectors import suggest_sectors
from coopdec.matchmaking.vocabulary import nace_entries

EUROSTAT_CLASS = re.compile(r"^\d{2}\.\d{2}$")


def test_sector_suggestion_gives_at_least_twenty_nace_classes_as_eurostat_writes_them(db):
    ranked = suggest_sectors("Nous fabriquons des meubles en bois massif.")
    classes = {entry.code for entry in nace_entries() if entry.level == "class"}
    assert len(ranked) == 20
    assert all(EUROSTAT_CLASS.match(code) and code in classes for code, _score in ranked)
    scores = [score for _code, score in ranked]
    assert scores == sorted(scores, reverse=True)
    assert len(suggest_sectors("Meubles.", limit=40)) == 40


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Boulangerie artisanale : fabrication de pain et de viennoiseries.", "10.71"),
        ("مخبزة تقليدية تنتج الخبز", "10.71"),
        ("Vineyard producing wine from our own grapes", "11.02"),
        ("Biuro rachunkowe: księgowość i doradztwo podatkowe dla firm", "69.20"),
        ("Empresa de transporte rodoviário de mercadorias", "49.41"),
    ],
)
def test_the_right_class_comes_first_for_a_clear_description(db, text, code):
    assert suggest_sectors(text)[0][0] == code


def test_suggestions_are_nace_rev2_codes_not_rev_2_1_ones(db):
    codes = [code for code, _score in suggest_sectors("Software company: we write computer programs for clients.")]
    assert "62.01" in codes[:5]
    assert "62.10" not in codes
