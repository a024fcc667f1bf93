from coopdec.lib.text import fold


def test_fold_strips_accents_and_case():
    assert fold("Île-de-France") == "ile de france"
    assert fold("Québec") == "quebec"


def test_fold_turns_apostrophes_and_hyphens_into_spaces():
    assert fold("Wilaya d'Alger") == "wilaya d alger"
    assert fold("Casablanca-Settat") == "casablanca settat"


def test_fold_keeps_non_latin_scripts():
    assert fold("Ереван") == "ереван"
    assert fold("北京") == "北京"


def test_fold_treats_arabic_hamza_as_an_accent_so_both_spellings_match():
    assert fold("الجزائر") == fold("الجزاير")
