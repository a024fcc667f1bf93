"""``manage.py embed_profiles``: refresh the stored profiles' embeddings in batches (after a model change)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from ...embedding import get_embedder
from ...models import Profile
from ...services import embed_stored_profiles


class Command(BaseCommand):
    help = "Embed the profiles whose text or embedding model changed (every profile with --force)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=64)
        parser.add_argument("--force", action="store_true", help="Re-embed every profile.")

    def handle(self, *args, batch_size: int, force: bool, **options):
        with tqdm(total=Profile.objects.count(), unit="profile", disable=options["verbosity"] == 0) as bar:
            embedded = embed_stored_profiles(batch_size=batch_size, force=force, progress=bar.update)
        self.stdout.write(f"{embedded} profiles embedded with {get_embedder().name}")
