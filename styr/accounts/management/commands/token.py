"""`styr token create|list|revoke`: personal API keys for scripts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from styr.accounts.models import ApiToken
from styr.accounts.tokens import create_token, revoke_token


class Command(BaseCommand):
    help = "API-nycklar: skapa (visas en gång), lista och återkalla."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="skapa en nyckel; sista raden är nyckeln")
        create.add_argument("username")
        create.add_argument("--name", default="skript")
        listing = actions.add_parser("list", help="lista en användares nycklar")
        listing.add_argument("username")
        revoke = actions.add_parser("revoke", help="återkalla en användares nycklar med ett namn")
        revoke.add_argument("username")
        revoke.add_argument("--name", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model.objects.get(username=options["username"])
        except user_model.DoesNotExist as error:
            raise CommandError(f"Användaren {options['username']!r} finns inte.") from error
        if options["action"] == "create":
            token, key = create_token(user, options["name"])
            self.stdout.write(f"Nyckeln {token.name!r} för {user.username} (visas bara nu):")
            self.stdout.write(key)
        elif options["action"] == "list":
            for token in ApiToken.objects.filter(user=user):
                state = "återkallad" if token.revoked_at else "aktiv"
                self.stdout.write(f"{token.prefix}…\t{token.name}\t{state}")
        else:
            count = revoke_token(user.username, options["name"])
            if not count:
                raise CommandError(
                    f"{user.username} har ingen aktiv nyckel som heter {options['name']!r}."
                )
            self.stdout.write(f"{count} nyckel/nycklar återkallade.")
