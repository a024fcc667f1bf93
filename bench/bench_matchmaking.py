"""Matchmaking quality and speed: ``.venv/bin/python -m bench.bench_matchmaking [--sizes N ...] [--queries 200]``.

1. Embedding: model load time and throughput (texts/s) on the evaluation texts.
2. Sector suggestion on bench/eval/sectors.jsonl (24 NACE classes × 7 languages, descriptions written for this
   set): recall@1/5/10 and MRR, same-language (English queries against the English titles) and cross-language
   (fr, de, pl, pt, ar, zh), the ratio cross/same — for the product's combination, the embedding signals alone and
   the lexical baseline (TF-IDF on character 2–4-grams) alone, in the same run.
3. Profile matching on bench/eval/matching_*.jsonl (20 requests, each with one offer of the same trade in another
   language): recall@1/5/10 and MRR of the engine against the TF-IDF baseline with the same kind filter.
4. Speed: ``rank`` (hard filters, score, top-10, reasons without passages) among N synthetic profiles with
   RANDOM unit vectors (labelled so: speed only), p50/p95 over the queries; index build time; matrix memory.

No database is needed: the engine runs on in-memory records, as ``match_profiles --pool`` does.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

EVAL = Path(__file__).parent / "eval"
TARGET_MS = 50


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def metrics(ranks: list[int | None]) -> dict[str, float]:
    """``ranks``: the 1-based rank of the gold answer per query (None when not returned)."""
    n = len(ranks)
    return {
        "n": n,
        "R@1": sum(1 for r in ranks if r and r <= 1) / n,
        "R@5": sum(1 for r in ranks if r and r <= 5) / n,
        "R@10": sum(1 for r in ranks if r and r <= 10) / n,
        "MRR": sum(1 / r for r in ranks if r) / n,
    }


def line(name: str, m: dict) -> str:
    return (
        f"  {name:<34} n={m['n']:<4} R@1={m['R@1']:.3f}  R@5={m['R@5']:.3f}  R@10={m['R@10']:.3f}  MRR={m['MRR']:.3f}"
    )


def rank_of(scores: np.ndarray, gold: int) -> int:
    """Ties count against the gold answer: a baseline scoring every class 0 must not rank it first."""
    return int((scores >= scores[gold]).sum())


def bench_embedding(texts: list[str]) -> None:
    from coopdec.matchmaking.embedding import get_embedder

    embedder = get_embedder()
    started = time.perf_counter()
    embedder.embed(["warm-up"])
    print(f"  model {embedder.name}: load + first text {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    embedder.embed(texts)
    elapsed = time.perf_counter() - started
    print(f"  throughput: {len(texts)} texts in {elapsed:.2f} s = {len(texts) / elapsed:.1f} texts/s (batches of 32)")
    started = time.perf_counter()
    for text in texts[:20]:
        embedder.embed([text])
    print(f"  one text at a time (a live suggestion): {(time.perf_counter() - started) / 20 * 1000:.0f} ms per text")


def bench_sectors() -> None:
    from coopdec.matchmaking.sectors import WEIGHTS, get_suggester

    items = read(EVAL / "sectors.jsonl")
    suggester = get_suggester()
    started = time.perf_counter()
    _ = suggester.class_vectors, suggester.division_vectors, suggester.lexical
    print(
        f"  NACE title embeddings ready in {time.perf_counter() - started:.2f} s (cached on disk after the first run)"
    )
    codes = [code for code, _name in suggester.classes]
    signals = suggester.signals([item["text"] for item in items])
    embedding_weight = WEIGHTS["class"] + WEIGHTS["division"]
    variants = {
        "product (embedding + lexical)": sum(WEIGHTS[k] * v for k, v in signals.items()),
        "embedding signals alone": (WEIGHTS["class"] * signals["class"] + WEIGHTS["division"] * signals["division"])
        / embedding_weight,
        "baseline: TF-IDF char 2-4-grams": signals["lexical"],
    }
    langs = sorted({item["lang"] for item in items})
    print(f"  {len(items)} descriptions, {len({i['gold'] for i in items})} classes, languages {', '.join(langs)}")
    for name, scores in variants.items():
        ranks = [rank_of(scores[i], codes.index(item["gold"])) for i, item in enumerate(items)]
        same = metrics([r for r, item in zip(ranks, items, strict=True) if item["lang"] == "en"])
        cross = metrics([r for r, item in zip(ranks, items, strict=True) if item["lang"] != "en"])
        print(f" {name}")
        print(line("same-language (en → en titles)", same))
        print(line("cross-language (6 languages)", cross))
        ratio = {k: (cross[k] / same[k] if same[k] else float("nan")) for k in ("R@1", "R@10", "MRR")}
        print(f"  {'ratio cross/same':<34} R@1={ratio['R@1']:.2f}  R@10={ratio['R@10']:.2f}  MRR={ratio['MRR']:.2f}")
        per_lang = {
            lang: metrics([r for r, it in zip(ranks, items, strict=True) if it["lang"] == lang]) for lang in langs
        }
        print("  per language MRR: " + "  ".join(f"{lang}={m['MRR']:.2f}" for lang, m in per_lang.items()))


def bench_matching() -> None:
    from coopdec.matchmaking.embedding import get_embedder
    from coopdec.matchmaking.jsonl import profile_records
    from coopdec.matchmaking.matching import PoolIndex, rank
    from coopdec.matchmaking.matching.lexical import CharNgramIndex

    embedder = get_embedder()
    raw_queries = read(EVAL / "matching_queries.jsonl")
    raw_pool = read(EVAL / "matching_pool.jsonl")
    queries = profile_records(EVAL / "matching_queries.jsonl", embedder)
    pool = profile_records(EVAL / "matching_pool.jsonl", embedder)
    index = PoolIndex(pool, embedder.dimension)
    gold = {item["id"]: item["gold"] for item in raw_queries}
    engine_ranks, wrong_kind = [], 0
    for query in queries:
        found = [m.profile_id for m in rank(index, query, limit=len(pool))]
        wrong_kind += sum(1 for pid in found if not pid.startswith("o"))
        engine_ranks.append(found.index(gold[query.id]) + 1 if gold[query.id] in found else None)
    offers = [item for item in raw_pool if item["kind"] == "business_offer"]  # the same kind filter
    lexical = CharNgramIndex([item["description"] for item in offers]).scores([q["description"] for q in raw_queries])
    ids = [item["id"] for item in offers]
    baseline_ranks = [rank_of(lexical[i], ids.index(q["gold"])) for i, q in enumerate(raw_queries)]
    print(f"  {len(queries)} requests, pool of {len(pool)} profiles ({len(offers)} offers); no sectors given")
    print(line("engine (suggest_matches' ranking)", metrics(engine_ranks)))
    print(line("baseline: TF-IDF char 2-4-grams", metrics(baseline_ranks)))
    print(f"  requests returned for a request (must be 0): {wrong_kind}")
    if wrong_kind or not any(engine_ranks):
        raise SystemExit("sanity check failed: a request matched with a request, or no gold offer found")


def synthetic_pool(n: int, dimension: int, seed: int):
    from coopdec.matchmaking.enums import ProfileKind
    from coopdec.matchmaking.matching import ProfileRecord
    from coopdec.matchmaking.vocabulary import nace_entries

    rng = np.random.default_rng(seed)
    classes = [e.code for e in nace_entries() if e.level == "class"]
    countries = ["FR", "MA", "TN", "DZ", "BR", "PL", "DE", "CN", "KR", "AM", "CA", "SN"]
    kinds = list(ProfileKind.values)
    vectors = rng.standard_normal((n, dimension), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    records = []
    for i in range(n):
        targets = frozenset(rng.choice(countries, size=2, replace=False)) if rng.random() < 0.2 else frozenset()
        records.append(
            ProfileRecord(
                id=i,
                kind=kinds[i % len(kinds)],
                vector=vectors[i],
                sectors=tuple(rng.choice(classes, size=int(rng.integers(1, 4)), replace=False)),
                country=countries[int(rng.integers(len(countries)))],
                organization_id=int(rng.integers(n // 3 + 1)),
                organization_kind="company",
                authority_id=int(rng.integers(2000)),
                target_countries=targets,
            )
        )
    return records


def bench_speed(sizes: list[int], queries: int) -> None:
    from coopdec.matchmaking.matching import PoolIndex, rank

    dimension = 512
    for n in sizes:
        records = synthetic_pool(n, dimension, seed=n)
        started = time.perf_counter()
        index = PoolIndex(records, dimension)
        built = time.perf_counter() - started
        rng = np.random.default_rng(1)
        picks = rng.choice(n, size=queries, replace=False)
        partners = {int(a): [1] for a in rng.choice(2000, size=40, replace=False)}
        rank(index, records[int(picks[0])], limit=10, partners=partners)  # warm-up
        times = []
        for i in picks:
            query = records[int(i)]
            started = time.perf_counter()
            matches = rank(index, query, limit=10, partners=partners, today=date.today())
            times.append((time.perf_counter() - started) * 1000)
            assert len(matches) == 10
        times.sort()
        p50, p95 = statistics.median(times), times[int(0.95 * len(times)) - 1]
        verdict = "meets" if p95 <= TARGET_MS else "MISSES"
        print(
            f"  {n:>7,} profiles (RANDOM vectors): top-10 p50 {p50:.1f} ms, p95 {p95:.1f} ms ({verdict} {TARGET_MS} ms)"
        )
        print(f"           index built in {built:.1f} s; embeddings matrix {index.nbytes / 2**20:.0f} MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    setup_django()
    print(f"bench_matchmaking on {platform.node()} ({os.cpu_count()} CPUs), Python {platform.python_version()}, "
          f"numpy {np.__version__}, {time.strftime('%Y-%m-%d %H:%M')}")  # fmt: skip
    if not args.skip_quality:
        print("\n[embedding]")
        bench_embedding([item["text"] for item in read(EVAL / "sectors.jsonl")])
        print("\n[sector suggestion]")
        bench_sectors()
        print("\n[profile matching]")
        bench_matching()
    print("\n[speed]")
    bench_speed(args.sizes, args.queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
