"""The three staff groups (issue 6, security.md item 1) and what admins may do in the admin.

Coordinators and clinicians get no admin permissions: they work in /staff/ only, where access
is decided by group membership (screening.staff.roles). Admins manage users, locations, the
active criteria profile, authenticator devices (to reset a lost phone) and login lockouts.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("coordinator", "clinician", "admin")
ADMIN_PERMISSIONS = {
    "auth": ["add_user", "change_user", "view_user", "view_group"],
    "screening": [
        "add_location",
        "change_location",
        "view_location",
        "delete_location",
        "change_clinicsettings",
        "view_clinicsettings",
    ],
    "otp_totp": ["view_totpdevice", "delete_totpdevice"],
    "axes": ["view_accessattempt", "delete_accessattempt"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now so they can be given.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)
    admin = Group.objects.get(name="admin")
    for app_label, codenames in ADMIN_PERMISSIONS.items():
        admin.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0004_staff_workspace"),
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
        ("otp_totp", "__latest__"),
        ("axes", "__latest__"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
