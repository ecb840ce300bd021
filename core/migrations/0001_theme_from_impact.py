"""Themes move from `impact` to `core`, which both apps share: in Django's state only.

The tables keep their names (`impact_theme`, `impact_historicaltheme`, and the many-to-many
tables that point to them), so no row moves. The content types are renamed, so the groups'
permissions, the admin log and the history keep pointing at the themes. They exist by now
on any database: `programmes.0004_staff_groups` makes them on a fresh one.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MODELS = ["theme", "historicaltheme"]


def rename_content_types(apps, *, source, target):
    """Give the themes' content types to `target`; those `target` got in the meantime (made
    after a migration back and forth, with permissions nobody was given) go first."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=target, model__in=MODELS).delete()
    ContentType.objects.filter(app_label=source, model__in=MODELS).update(app_label=target)


def move_content_types(apps, schema_editor):
    rename_content_types(apps, source="impact", target="core")


def move_content_types_back(apps, schema_editor):
    rename_content_types(apps, source="core", target="impact")


class Migration(migrations.Migration):

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("impact", "0004_translations"),
        ("programmes", "0010_outbox"),
    ]

    operations = [
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Theme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=80, unique=True, verbose_name='name')),
                        ('name_en', models.CharField(max_length=80, null=True, unique=True, verbose_name='name')),
                        ('name_fr', models.CharField(max_length=80, null=True, unique=True, verbose_name='name')),
                        ('name_es', models.CharField(max_length=80, null=True, unique=True, verbose_name='name')),
                        ('slug', models.SlugField(max_length=80, unique=True, verbose_name='slug')),
                    ],
                    options={
                        'verbose_name': 'theme',
                        'verbose_name_plural': 'themes',
                        'db_table': 'impact_theme',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalTheme',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name_en', models.CharField(db_index=True, max_length=80, null=True, verbose_name='name')),
                        ('name_fr', models.CharField(db_index=True, max_length=80, null=True, verbose_name='name')),
                        ('name_es', models.CharField(db_index=True, max_length=80, null=True, verbose_name='name')),
                        ('slug', models.SlugField(max_length=80, verbose_name='slug')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical theme',
                        'verbose_name_plural': 'historical themes',
                        'db_table': 'impact_historicaltheme',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
    ]
