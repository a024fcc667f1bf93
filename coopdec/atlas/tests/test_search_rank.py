"""On SQLite, words found in very many documents are ranked in Python with FTS5's own bm25: the same order."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from coopdec.atlas.search.index import FULL_TEXT
from coopdec.atlas.search.snapshot import Snapshot, version
from coopdec.lib import search as full_text
from coopdec.territories.enums import AuthorityKind, Level
from coopdec.territories.factories import AuthorityFactory, CountryFactory

QUERIES = ["synthetique", "projet", "eau", "cooperation maroc", "synthetiques donnees", "rabat", "de", "zzz"]


@pytest.fixture
def synthetic(db):
    if connection.vendor != "sqlite":
        pytest.skip("FTS5 only")
    france, morocco = CountryFactory(code="FR"), CountryFactory(code="MA")
    for i in range(4):
        AuthorityFactory(code=f"FR-REG-{i}", country=france, level=Level.REGIONAL, kind=AuthorityKind.REGION)
        AuthorityFactory(code=f"FR-COM-{i:05d}", country=france, population=2_000 + i)
        AuthorityFactory(code=f"MA-{i:02d}", country=morocco, level=Level.REGIONAL, kind=AuthorityKind.PROVINCE)
    call_command("generate_synthetic", "--projects", "120", "--seed", "5", stdout=StringIO(), verbosity=0)
    return Snapshot(*version())


def test_ranking_in_python_gives_fts5s_order(synthetic, monkeypatch):
    def hits(word):
        return len(synthetic.text_positions(word))

    for query in QUERIES:
        matching = synthetic.ids[synthetic.text_positions(query)].tolist()
        by_fts5 = [FULL_TEXT.rank(query, matching, limit=500, offset=offset) for offset in (0, 7)]
        with monkeypatch.context() as patched:
            patched.setattr(full_text, "BM25_IN_PYTHON_FROM", -1)
            by_python = [FULL_TEXT.rank(query, matching, limit=500, offset=offset, hits=hits) for offset in (0, 7)]

        assert by_python == by_fts5, query
        assert len(by_fts5[0]) == len(matching), query
    assert len(synthetic.text_positions("synthetique")) > 100  # a word in every synthetic item
