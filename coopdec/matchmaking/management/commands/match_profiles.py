"""``manage.py match_profiles``: for each query profile, the ranked complementary profiles of a pool."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from ...embedding import get_embedder
from ...jsonl import profile_records, write_line
from ...matching import PoolIndex, live_pool, rank


class Command(BaseCommand):
    help = (
        "Read query profiles as JSON lines (id, kind, title, description, optional lang, sectors, country); write "
        '{"id", "ranked": [{"id": ..., "score": ...}, ...]} lines, best first, from --pool (JSON lines) '
        "or, without it, from the stored published profiles."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queries", required=True)
        parser.add_argument("--pool", help="Profiles to rank, as JSON lines; default: the stored published profiles.")
        parser.add_argument("--output", required=True)
        parser.add_argument("--limit", type=int, default=10, help="Profiles per query (default 10).")

    def handle(self, *args, queries: str, pool: str | None, output: str, limit: int, **options):
        embedder = get_embedder()
        queries_records = profile_records(queries, embedder)
        index = PoolIndex(profile_records(pool, embedder), embedder.dimension) if pool else live_pool()
        with open(output, "w", encoding="utf-8") as handle:
            for query in tqdm(queries_records, unit="query", disable=options["verbosity"] == 0):
                matches = rank(index, query, limit=limit)
                write_line(
                    handle, {"id": query.id, "ranked": [{"id": m.profile_id, "score": m.score} for m in matches]}
                )
        self.stdout.write(f"{len(queries_records)} queries ranked against {len(index)} profiles into {output}")
