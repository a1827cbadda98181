"""The rule sets now live as rules documents (0002); their table goes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [("admission", "0002_rules_documents")]

    operations = [
        migrations.RemoveField(model_name="decision", name="rule_set"),
        migrations.DeleteModel(name="RuleSet"),
    ]
