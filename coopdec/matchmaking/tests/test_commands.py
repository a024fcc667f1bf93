import json

from django.core.management import call_command

from coopdec.matchmaking.enums import ProfileKind


def write_lines(path, items):
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8")
    return str(path)


def read_lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_suggest_sectors_writes_one_ranked_line_per_text(db, tmp_path):
    source = write_lines(
        tmp_path / "texts.jsonl",
        [
            {"id": "a", "text": "Boulangerie artisanale : pain et viennoiseries.", "lang": "fr"},
            {"id": "b", "text": "Vineyard producing wine from our own grapes"},
        ],
    )
    call_command("suggest_sectors", input=source, output=str(tmp_path / "ranked.jsonl"), verbosity=0)
    lines = read_lines(tmp_path / "ranked.jsonl")
    assert [line["id"] for line in lines] == ["a", "b"]
    assert [line["ranked"][0]["code"] for line in lines] == ["10.71", "11.02"]
    assert all(len(line["ranked"]) == 20 and set(line["ranked"][0]) == {"code", "score"} for line in lines)


def test_match_profiles_ranks_a_pool_given_as_json_lines(db, tmp_path):
    queries = write_lines(
        tmp_path / "q.jsonl",
        [
            {"id": "q1", "kind": "BR", "title": "Huile d'olive", "description": "Nous cherchons de l'huile d'olive.",
             "lang": "fr", "sectors": ["46.33"], "country": "FR"},
            {"id": "q2", "kind": "research_request", "title": "Dessalement", "description": "Dessalement solaire.",
             "sectors": [], "country": "FR"},
        ],
    )  # fmt: skip
    pool = write_lines(
        tmp_path / "pool.jsonl",
        [
            {"id": "p-oil", "kind": "BO", "title": "زيت الزيتون", "description": "نحن ننتج زيت الزيتون البكر.",
             "sectors": ["10.41"], "country": "MA"},
            {"id": "p-soft", "kind": "BO", "title": "Software", "description": "Accounting software for SMEs.",
             "sectors": ["62.01"], "country": "PL"},
            {"id": "p-req", "kind": "BR", "title": "Olive oil wanted", "description": "We buy olive oil.",
             "sectors": ["46.33"], "country": "DE"},
            {"id": "p-rd", "kind": "RDR", "title": "Desalination", "description": "Solar desalination research.",
             "country": "TN"},
        ],
    )  # fmt: skip
    call_command("match_profiles", queries=queries, pool=pool, output=str(tmp_path / "ranked.jsonl"), verbosity=0)
    lines = {line["id"]: line["ranked"] for line in read_lines(tmp_path / "ranked.jsonl")}
    assert [item["id"] for item in lines["q1"]] == ["p-oil", "p-soft"]  # offers only, the same trade first
    assert lines["q1"][0]["score"] > lines["q1"][1]["score"]
    assert [item["id"] for item in lines["q2"]] == ["p-rd"]


def test_match_profiles_ranks_the_stored_profiles_by_default(tmp_path, french_company, moroccan_company, write_profile):
    offer = write_profile(moroccan_company, ProfileKind.BUSINESS_OFFER, "نحن ننتج زيت الزيتون البكر.")
    write_profile(french_company, ProfileKind.BUSINESS_REQUEST, "Nous cherchons de l'huile d'olive.")
    queries = write_lines(
        tmp_path / "q.jsonl",
        [{"id": 7, "kind": "BR", "title": "Huile", "description": "Huile d'olive.", "country": "FR"}],
    )
    call_command("match_profiles", queries=queries, output=str(tmp_path / "ranked.jsonl"), verbosity=0)
    assert [item["id"] for item in read_lines(tmp_path / "ranked.jsonl")[0]["ranked"]] == [offer.pk]


def test_embed_profiles_embeds_only_what_changed_unless_forced(french_company, write_profile):
    from io import StringIO

    from coopdec.matchmaking.models import Profile

    profile = write_profile(french_company, ProfileKind.BUSINESS_OFFER, "Huile d'olive.")
    Profile.objects.filter(pk=profile.pk).update(embedding=None, embedding_digest="")
    write_profile(french_company, ProfileKind.BUSINESS_OFFER, "Miel de lavande.")
    out = StringIO()
    call_command("embed_profiles", stdout=out, verbosity=0)
    assert out.getvalue().startswith("1 profiles embedded")
    assert Profile.objects.get(pk=profile.pk).vector().shape == (512,)
    out = StringIO()
    call_command("embed_profiles", "--force", stdout=out, verbosity=0)
    assert out.getvalue().startswith("2 profiles embedded")
