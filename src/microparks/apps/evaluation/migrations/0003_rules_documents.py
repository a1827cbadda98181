"""Campaigns and results point to the exact version of their scheme (a rules document).

Existing campaigns get the platform's version of their scheme (the shipped document, loaded
here if the rules app's first start has not happened yet); their results get the campaign's
version and the weights of their group, frozen.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def link_schemes(apps: Any, schema_editor: Any) -> None:
    from microparks.apps.rules.shipped import ensure_shipped
    from microparks.io.rules import load_yaml, parse_document

    RulesDocument = apps.get_model("rules", "RulesDocument")
    Campaign = apps.get_model("evaluation", "Campaign")
    Result = apps.get_model("evaluation", "Result")
    using = schema_editor.connection.alias
    ensure_shipped(RulesDocument, using)
    for campaign in Campaign.objects.using(using).all():
        versions = RulesDocument.objects.using(using).filter(
            kind="evaluation", name=campaign.scheme, scope_key="*"
        )
        doc = versions.filter(status="active").first() or versions.order_by("-version").first()
        if doc is None:
            raise RuntimeError(f"no evaluation scheme {campaign.scheme!r} for {campaign.pk}")
        campaign.rules_id = doc.pk
        campaign.save(update_fields=["rules"])
        scheme = parse_document("evaluation", load_yaml(doc.content))
        items = {g.name: g.items for g in scheme.groups}
        for result in Result.objects.using(using).filter(campaign=campaign):
            result.rules_id = doc.pk
            result.weights = [
                {"indicator": i.indicator, "weight": i.weight, "cap": i.cap}
                for i in items.get(result.group, ())
            ]
            result.save(update_fields=["rules", "weights"])


class Migration(migrations.Migration):

    dependencies = [
        ("evaluation", "0002_record_submissions"),
        ("rules", "0001_initial"),
        ("audit", "0001_initial"),  # rows written here are audited
    ]

    operations = [
        migrations.AlterField(
            model_name="campaign",
            name="scheme",
            field=models.CharField(
                help_text="Short name of the evaluation scheme", max_length=60, verbose_name="scheme"
            ),
        ),
        migrations.AddField(
            model_name="campaign",
            name="rules",
            field=models.ForeignKey(
                help_text="The exact version of the scheme the results were computed with",
                limit_choices_to={"kind": "evaluation"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="evaluation_campaigns",
                to="rules.rulesdocument",
                verbose_name="scheme version",
            ),
        ),
        migrations.AddField(
            model_name="result",
            name="rules",
            field=models.ForeignKey(
                blank=True,
                help_text="The scheme version this result was computed with",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="evaluation_results",
                to="rules.rulesdocument",
                verbose_name="scheme version",
            ),
        ),
        migrations.AddField(
            model_name="result",
            name="weights",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The items of the firm's group as scored: indicator, weight and cap",
                verbose_name="weights",
            ),
        ),
        migrations.RunPython(link_schemes, migrations.RunPython.noop, elidable=True),
    ]
