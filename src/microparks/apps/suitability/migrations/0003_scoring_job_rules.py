import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rules", "0001_initial"),
        ("suitability", "0002_mapping_templates"),
    ]

    operations = [
        migrations.AddField(
            model_name="scoringjob",
            name="rules",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="scoring_jobs",
                to="rules.rulesdocument",
                verbose_name="rules document",
            ),
        ),
    ]
