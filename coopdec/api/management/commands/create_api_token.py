"""Create an API token for a user and print its key, once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from coopdec.api.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token for the user with this e-mail and print its key (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The user's e-mail address.")
        parser.add_argument("--name", required=True, help="What the token is for, e.g. the client's name.")

    def handle(self, *args, email: str, name: str, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the e-mail address {email}.")
        if not user.is_active:
            raise CommandError(f"The user {email} is inactive.")
        token, key = ApiToken.objects.issue(user=user, name=name)
        self.stderr.write(f"Token “{token.name}” ({token.prefix}…) created for {user.email}. Keep the key now:")
        self.stdout.write(key)
