import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("impact", "0002_ranges_and_strict_json"),
        ("regions", "0003_rural_income"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="InputOutputTable",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("title", models.CharField(help_text="e.g. 2017 provincial input–output table, 42 sectors", max_length=200, verbose_name="title")),
                ("source", models.CharField(help_text="Who published it, and where it can be found", max_length=300, verbose_name="source")),
                ("table_name", models.CharField(max_length=200, verbose_name="table file")),
                ("table_file", models.BinaryField(verbose_name="table file content")),
                ("concordance_name", models.CharField(max_length=200, verbose_name="concordance file")),
                ("concordance_file", models.BinaryField(verbose_name="concordance file content")),
                ("sectors", models.PositiveIntegerField(verbose_name="sectors")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                ("region", models.ForeignKey(help_text="The county whose parks' impact uses the table", on_delete=django.db.models.deletion.PROTECT, related_name="io_tables", to="regions.region", verbose_name="region")),
                ("uploaded_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="uploaded by")),
            ],
            options={
                "verbose_name": "input–output table",
                "verbose_name_plural": "input–output tables",
                "ordering": ["region", "-created_at", "-pk"],
            },
        ),
    ]
