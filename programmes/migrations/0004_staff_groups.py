"""The three staff groups and what each may do.

Editors edit the impact review; Programme managers run the programmes (calls, applications,
reviews, decisions, exports); Reviewers score the applications assigned to them and see
nothing else (`ReviewAdmin` narrows their list to their own reviews). A staff user outside
these groups sees no application. A later migration that adds a model should grant its
permissions here too, in a new migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Editors": {"impact": "all"},
    "Programme managers": {"programmes": "all", "impact": ["view_theme"]},
    "Reviewers": {"programmes": ["view_review", "change_review"]},
}


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now so that a fresh
    # database gets its groups filled in.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codenames in grants.items():
            permissions = Permission.objects.filter(content_type__app_label=app_label)
            if codenames != "all":
                permissions = permissions.filter(codename__in=codenames)
            group.permissions.add(*permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("impact", "0002_computed_key_figures"),
        ("programmes", "0003_review_decisions_feedback"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
