"""Editions' and applications' themes point to `core.Theme` (core/migrations/0001): in
Django's state only, as no table changes."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_theme_from_impact'),
        ('programmes', '0010_outbox'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='application',
                    name='themes',
                    field=models.ManyToManyField(blank=True, related_name='applications', to='core.theme', verbose_name='thematic focus'),
                ),
                migrations.AlterField(
                    model_name='edition',
                    name='themes',
                    field=models.ManyToManyField(blank=True, related_name='editions', to='core.theme', verbose_name='themes'),
                ),
            ],
            database_operations=[],
        ),
    ]
