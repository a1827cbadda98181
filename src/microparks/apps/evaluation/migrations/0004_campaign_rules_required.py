"""Every campaign has its scheme version (set for old rows by 0003)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # Apart from 0003 so that PostgreSQL sees the rows updated before the column changes.

    dependencies = [("evaluation", "0003_rules_documents")]

    operations = [
        migrations.AlterField(
            model_name="campaign",
            name="rules",
            field=models.ForeignKey(
                help_text="The exact version of the scheme the results were computed with",
                limit_choices_to={"kind": "evaluation"},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="evaluation_campaigns",
                to="rules.rulesdocument",
                verbose_name="scheme version",
            ),
        ),
    ]
