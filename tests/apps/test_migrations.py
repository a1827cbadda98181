"""The squashed migrations: what a new database runs, and that it ends where the old files end.

A squash replaces a range of an app's migrations; Django uses it only on a database that has none
of them (docs/reference/deployment.md). These tests read the migration files only (no database):
the schema each way was compared on SQLite and PostgreSQL when the squashes were made.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import AddField, CreateModel, RunPython
from django.db.migrations.state import ModelState, ProjectState

Key = tuple[str, str]


@pytest.fixture(scope="module")
def squashed() -> MigrationLoader:
    """The graph of a new database: squashes in place of what they replace."""
    return MigrationLoader(None, ignore_no_migrations=True)


@pytest.fixture(scope="module")
def unsquashed() -> MigrationLoader:
    """The graph of the replaced files, as an existing database walks it (what Django does
    with a squash whose migrations are partly applied: later migrations follow the last one)."""
    loader = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)
    for key, migration in _squashes(loader).items():
        loader.graph.remove_replacement_node(key, migration.replaces)
    return loader


def _squashes(loader: MigrationLoader) -> dict[Key, Any]:
    return {k: m for k, m in loader.disk_migrations.items() if m.replaces}


def _app_models(state: ProjectState, app: str) -> dict[str, ModelState]:
    return {name: model for (label, name), model in state.models.items() if label == app}


def _described(model: ModelState) -> tuple[Any, ...]:
    """What decides a model's tables: its columns in order, its many-to-many fields (their own
    tables; where they stand among the fields does not matter), its options."""
    fields = model.fields.items()
    columns = [(name, f.deconstruct()[1:]) for name, f in fields if not f.many_to_many]
    linked = sorted((name, repr(f.deconstruct()[1:])) for name, f in fields if f.many_to_many)
    return (columns, linked, model.options, model.bases)


def test_the_project_has_squashes(unsquashed: MigrationLoader) -> None:
    # Ten apps squashed whole, five in parts (cross-app cycles); servicedesk not at all (its
    # test migrates back to 0002, which Django cannot do to a replaced migration).
    assert len(_squashes(unsquashed)) == 18
    assert not any(
        migration.replaces for migration in map(unsquashed.graph.nodes.get, unsquashed.graph.nodes)
    )


def test_every_replaced_migration_is_a_file_of_the_same_app(unsquashed: MigrationLoader) -> None:
    for (app, name), migration in _squashes(unsquashed).items():
        for replaced in migration.replaces:
            assert replaced[0] == app, (name, replaced)
            assert replaced in unsquashed.disk_migrations, (name, replaced)
            assert not unsquashed.disk_migrations[replaced].replaces, (name, replaced)


def test_squashes_cover_disjoint_consecutive_ranges(unsquashed: MigrationLoader) -> None:
    seen: set[Key] = set()
    for (app, name), migration in _squashes(unsquashed).items():
        names = [n for a, n in migration.replaces]
        assert names == sorted(names), name
        # consecutive: each replaced migration depends on the one before it
        for before, after in pairwise(names):
            assert (app, before) in unsquashed.disk_migrations[(app, after)].dependencies
        assert not seen & set(migration.replaces), name
        seen |= set(migration.replaces)


def test_a_new_database_runs_the_squashes(squashed: MigrationLoader) -> None:
    plan = set(squashed.graph.nodes)
    for key, migration in _squashes(squashed).items():
        assert key in plan
        assert not plan & set(migration.replaces), key
    # 54 of the 64 migrations of the project's apps are replaced by 18 squashes (28 steps in all).
    squashed_apps = {app for app, _ in _squashes(squashed)}
    replaced = {k for m in _squashes(squashed).values() for k in m.replaces}
    steps = {k for k in plan if k[0] in squashed_apps}
    assert len(replaced) == 54
    assert len(steps & set(_squashes(squashed))) == 18


def test_squashes_from_an_apps_start_only_create_models(squashed: MigrationLoader) -> None:
    """The point of squashing: no AlterField/AddConstraint chains and no data conversions on a
    new database, where there are no rows to convert."""
    for (app, name), migration in _squashes(squashed).items():
        if not migration.replaces[0][1].startswith("0001"):
            continue
        kinds = {type(op) for op in migration.operations}
        assert kinds <= {CreateModel, AddField}, (app, name, kinds)
        for op in migration.operations:
            if isinstance(op, AddField):  # only a many-to-many through a model created here
                assert op.field.many_to_many, (name, op)
                assert getattr(op.field.remote_field, "through", None), (name, op)


def test_only_the_stage_renaming_is_kept_as_data_conversion(squashed: MigrationLoader) -> None:
    kept = [
        (key, getattr(op.code, "__name__", None))
        for key, migration in _squashes(squashed).items()
        for op in migration.operations
        if isinstance(op, RunPython)
    ]
    assert kept == [
        (
            ("attraction", "0003_pipeline_squashed_0008_revisions_counted_on_cascades"),
            "rename_stages",
        )
    ]


def test_every_squash_ends_where_its_last_replaced_migration_ends(
    squashed: MigrationLoader, unsquashed: MigrationLoader
) -> None:
    """Each squash on its own (a database may have the migrations before it applied and use
    the squash for the rest): its app's models after it equal those after the replaced files."""
    for (app, name), migration in _squashes(squashed).items():
        new = _app_models(squashed.project_state((app, name), at_end=True), app)
        old = _app_models(unsquashed.project_state(migration.replaces[-1], at_end=True), app)
        assert sorted(new) == sorted(old), name
        for model in old:
            assert _described(new[model]) == _described(old[model]), (name, model)


def test_the_final_state_is_the_same_both_ways(
    squashed: MigrationLoader, unsquashed: MigrationLoader
) -> None:
    new = squashed.project_state()
    old = unsquashed.project_state()
    assert sorted(new.models) == sorted(old.models)
    for key, model in old.models.items():
        assert _described(new.models[key]) == _described(model), key
