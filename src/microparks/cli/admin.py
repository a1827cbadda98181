"""``microparks admin``: the first administrator, unlocking accounts, resetting second factors.

Messages are in Chinese by default (``--lang en``); they come from the platform's catalogue
through Django's gettext, activated for the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from microparks.cli.django_setup import pending_migrations, setup_django_for_command
from microparks.cli.errors import fail
from microparks.cli.translation import DJANGO_LANGUAGE, Lang, LangOption

app = typer.Typer(
    name="admin",
    help="Administrators and accounts: create the first administrator, unlock an account, "
    "reset a lost second factor.",
    no_args_is_help=True,
)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="SQLite database file (default: $MICROPARKS_DATA_DIR/microparks.sqlite3; "
        "overrides DATABASE_URL).",
        dir_okay=False,
    ),
]
UserArgument = Annotated[str, typer.Argument(help="The account's username.", show_default=False)]


def register(main: typer.Typer) -> None:
    """Add ``microparks admin …`` to ``main``."""
    main.add_typer(app, name="admin")


def _start(db: Path | None, lang: Lang) -> None:
    """Start Django on the database, in the command's language; refuse an unmigrated one."""
    setup_django_for_command(db)
    from django.utils import translation
    from django.utils.translation import gettext as _

    translation.activate(DJANGO_LANGUAGE[lang])
    if pending_migrations():
        raise fail(
            _(
                "The database is not set up yet: run `python manage.py migrate` (or "
                "`microparks demo` on a laptop) first."
            ),
            code=1,
        )


@app.command("create")
def create(
    username: Annotated[
        str | None, typer.Option("--username", help="The username (asked when not given).")
    ] = None,
    email: Annotated[str, typer.Option("--email", help="The administrator's e-mail.")] = "",
    another: Annotated[
        bool,
        typer.Option("--another", help="Create an administrator even though one exists already."),
    ] = False,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Create an administrator, asking for the password twice (at least 12 characters).

    Refused when an administrator exists already, unless ``--another``: further accounts are
    made by an administrator on the web. The administrator sets up the second factor at the
    first sign-in.
    """
    _start(db, lang)
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from microparks.apps.accounts import services

    existing = list(services.administrators().values_list("username", flat=True)[:3])
    if existing and not another:
        raise fail(
            _(
                "An administrator exists already (%(names)s): sign in as them and add accounts "
                "on the web, or pass --another."
            )
            % {"names": ", ".join(existing)},
            code=1,
        )
    name = (username or typer.prompt(_("Username"))).strip()
    for _attempt in range(3):
        password = typer.prompt(
            _("Password"),
            hide_input=True,
            confirmation_prompt=_("Password (again)"),
        )
        try:
            user = services.create_administrator(name, password, email=email)
        except ValidationError as exc:
            for message in exc.messages:
                typer.echo(f"error: {message}", err=True)
            continue
        except ValueError as exc:
            raise fail(_("The username %(name)s is taken or empty.") % {"name": name}, 1) from exc
        typer.echo(
            _(
                "Administrator %(name)s created. Sign in on the web: you will be asked to set "
                "up the second factor (an authenticator app) first."
            )
            % {"name": user.username}
        )
        return
    raise fail(_("No administrator created: the password was refused three times."), code=1)


@app.command("unlock")
def unlock(username: UserArgument, db: DbOption = None, lang: LangOption = "zh") -> None:
    """Unlock an account locked after failed sign-ins (from every address)."""
    _start(db, lang)
    from django.utils.translation import gettext as _

    from microparks.apps.accounts import services
    from microparks.apps.accounts.models import User

    exists = User.objects.filter(username=username).exists()
    result = services.unlock(username)
    if not exists and not result.attempts:
        raise fail(_("No account and no failed sign-ins named %(name)s.") % {"name": username}, 1)
    typer.echo(
        _("%(name)s unlocked: %(attempts)d failed sign-ins cleared.")
        % {"name": username, "attempts": result.attempts}
    )


@app.command("reset-2fa")
def reset_second_factor(
    username: UserArgument, db: DbOption = None, lang: LangOption = "zh"
) -> None:
    """Remove an account's second factor (a lost phone): it is set up again at sign-in."""
    _start(db, lang)
    from django.utils.translation import gettext as _

    from microparks.apps.accounts import services
    from microparks.apps.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise fail(_("No account named %(name)s.") % {"name": username}, code=1)
    removed = services.remove_devices(user)
    typer.echo(
        _("%(name)s: %(n)d second-factor devices removed.") % {"name": username, "n": removed}
    )
