"""Themes now belong to `core` (core/migrations/0001): in Django's state only, as no table
changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_theme_from_impact'),
        ('impact', '0004_translations'),
        ('programmes', '0011_theme_in_core'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalhighlight_themes',
                    name='theme',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.theme'),
                ),
                migrations.AlterField(
                    model_name='highlight',
                    name='themes',
                    field=models.ManyToManyField(blank=True, related_name='highlights', to='core.theme', verbose_name='themes'),
                ),
                migrations.DeleteModel(
                    name='HistoricalTheme',
                ),
                migrations.DeleteModel(
                    name='Theme',
                ),
            ],
            database_operations=[],
        ),
    ]
