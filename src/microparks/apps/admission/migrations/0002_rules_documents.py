"""Admission rule sets become rules documents; decisions point to the version they applied.

Each park's rule-set versions become the versions of a park document named after the rule set
(in the order they were written): the active one stays active, versions a decision used are
retired, the others stay drafts. Decisions made with the shipped default point to the shipped
document when its version is the one they recorded, else keep only its name and version.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify


def convert(apps: Any, schema_editor: Any) -> None:
    from microparks.apps.rules.shipped import ensure_shipped
    from microparks.io.rules import content_sha256, load_yaml

    RulesDocument = apps.get_model("rules", "RulesDocument")
    RuleSet = apps.get_model("admission", "RuleSet")
    Decision = apps.get_model("admission", "Decision")
    using = schema_editor.connection.alias
    ensure_shipped(RulesDocument, using)
    numbers: dict[tuple[int, str], int] = {}
    for old in RuleSet.objects.using(using).select_related("park").order_by("created_at", "pk"):
        name = slugify(old.name)[:60] or "rules"
        number = numbers[(old.park_id, name)] = numbers.get((old.park_id, name), 0) + 1
        used = Decision.objects.using(using).filter(rule_set=old).exists()
        doc = RulesDocument.objects.using(using).create(
            kind="admission",
            name=name,
            version=number,
            title=f"{old.name} {old.version}",
            content=old.text,
            sha256=content_sha256(load_yaml(old.text)),
            region_id=old.park.region_id,
            park_id=old.park_id,
            scope_key=f"p{old.park_id}",
            status="active" if old.active else ("retired" if used else "draft"),
            note=old.notes,
            created_by_id=old.created_by_id,
        )
        Decision.objects.using(using).filter(rule_set=old).update(rules=doc)
    shipped = RulesDocument.objects.using(using).filter(
        kind="admission", name="default", scope_key="*", version=1
    ).first()
    if shipped is not None:
        label = load_yaml(shipped.content).get("version")
        Decision.objects.using(using).filter(
            rule_set__isnull=True, rules__isnull=True, rule_set_version=str(label)
        ).update(rules=shipped)


class Migration(migrations.Migration):

    dependencies = [
        ("admission", "0001_initial"),
        ("rules", "0001_initial"),
        ("audit", "0001_initial"),  # rows written here are audited
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="rules",
            field=models.ForeignKey(
                blank=True,
                help_text="The exact version of the admission rules (empty only for old decisions)",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="admission_decisions",
                to="rules.rulesdocument",
                verbose_name="rules applied",
            ),
        ),
        migrations.RunPython(convert, migrations.RunPython.noop, elidable=True),
    ]
