"""Start Django for the commands that need the database."""

from __future__ import annotations

import os
from pathlib import Path


class DatabaseChoiceError(RuntimeError):
    """``--db`` names another database than the one Django already runs on."""


def setup_django(db: Path | None = None) -> None:
    """Configure settings (optionally on the SQLite file ``db``) and start Django.

    An explicit ``db`` wins over ``DATABASE_URL``. The SQLite file's folder is created when
    missing. Django can be configured only once per process: asking for another file after that
    raises :class:`DatabaseChoiceError` instead of silently using the first database.
    """
    import django
    from django.conf import settings

    path = None if db is None else db.expanduser().resolve()
    if settings.configured:  # e.g. inside the test suite: check, and leave the environment be
        name = settings.DATABASES["default"]["NAME"]
        if path is not None and Path(name).resolve() != path:
            raise DatabaseChoiceError(
                f"Django already uses {name}; cannot switch to {path} in this process"
            )
    elif path is not None:
        os.environ["MICROPARKS_DB"] = str(path)
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "microparks.config.settings")
    django.setup()
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def pending_migrations() -> int:
    """The number of migrations not yet applied to the database."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def migrate_database() -> bool:
    """Bring the database up to date; return whether it was built in one pass.

    A database without any table (a new install) whose plan holds no data operation of ours
    that must run (each ``RunPython``/``RunSQL`` marked ``elidable``: nothing to convert in an
    empty database) is created from the state the migrations end in: every table at once,
    every migration recorded as applied, then ``post_migrate`` as ``migrate`` sends it. Same
    tables as the migrations build, in a fraction of the time (Django re-renders its model
    state after each of some 200 operations). Anything else goes through ``migrate``.
    """
    from django.core.management import call_command
    from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.operations import RunPython, RunSQL

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    needed = any(  # Django's and django-axes' data migrations only touch rows that exist
        isinstance(op, RunPython | RunSQL) and not op.elidable
        for migration, _ in plan
        if type(migration).__module__.startswith("microparks.")
        for op in migration.operations
    )
    if needed or executor.loader.applied_migrations or connection.introspection.table_names():
        call_command("migrate", interactive=False, verbosity=0)
        return False
    apps = executor.loader.project_state().apps
    emit_pre_migrate_signal(0, False, connection.alias, apps=apps, plan=plan)
    executor.recorder.ensure_schema()
    with connection.schema_editor(atomic=True) as editor:  # one transaction, records included
        for model in apps.get_models():
            if model._meta.can_migrate(connection):
                editor.create_model(model)
        for migration, _ in plan:
            executor.record_migration(migration)
        executor.check_replacements()
    emit_post_migrate_signal(0, False, connection.alias, apps=apps, plan=plan)
    return True


def database_label() -> str:
    """The database in use, for messages: the SQLite path, or engine and name."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        return str(database["NAME"])
    host = database.get("HOST") or "localhost"
    return f"{database['ENGINE'].rsplit('.', 1)[-1]}://{host}/{database['NAME']}"


def setup_django_for_command(db: Path | None = None) -> None:
    """:func:`setup_django` for a command with a ``--db`` option.

    A conflicting ``--db`` is reported as a bad value of that option.
    """
    import typer

    try:
        setup_django(db)
    except DatabaseChoiceError as exc:
        raise typer.BadParameter(str(exc), param_hint="--db") from exc
