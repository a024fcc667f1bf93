"""``manage.py suggest_sectors``: rank the NACE Rev. 2 classes for each text of a JSON-lines file."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ...jsonl import read_lines, write_line
from ...sectors import suggest_sectors_many


class Command(BaseCommand):
    help = (
        'Read {"id", "text", "lang"?} lines; write {"id", "ranked": [{"code": "10.11", "score": 0.83}, ...]} lines, '
        "NACE Rev. 2 classes as Eurostat writes them, best first (at least 20)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="JSON lines: id, text, optional lang.")
        parser.add_argument("--output", required=True, help="Where to write the ranked classes (JSON lines).")
        parser.add_argument("--limit", type=int, default=20, help="Classes per text (at least 20; default 20).")
        parser.add_argument("--batch-size", type=int, default=64)

    def handle(self, *args, input: str, output: str, limit: int, batch_size: int, **options):
        if limit < 20:
            raise CommandError("--limit must be at least 20")
        items = []
        for number, item in read_lines(input):
            if not isinstance(item.get("text"), str):
                raise CommandError(f"{input}:{number}: expected a 'text' string")
            items.append(item)
        with (
            open(output, "w", encoding="utf-8") as handle,
            tqdm(total=len(items), unit="text", disable=options["verbosity"] == 0) as bar,
        ):
            for start in range(0, len(items), batch_size):
                batch = items[start : start + batch_size]
                for item, ranked in zip(
                    batch, suggest_sectors_many([i["text"] for i in batch], limit=limit), strict=True
                ):
                    write_line(handle, {"id": item["id"], "ranked": [{"code": c, "score": s} for c, s in ranked]})
                bar.update(len(batch))
        self.stdout.write(f"{len(items)} texts ranked into {output}")
