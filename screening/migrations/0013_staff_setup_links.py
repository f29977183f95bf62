"""Authenticator setup links (issue 14 item 5); admins may see which were issued and used."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def admins_may_view_setup_links(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("screening")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin = Group.objects.filter(name="admin").first()
    if admin is not None:
        admin.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="screening", codename="view_staffsetuplink"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0012_unsubscribe_links"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StaffSetupLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token_hash", models.CharField(max_length=64, unique=True)),
                ("created_at", models.DateTimeField()),
                ("expires_at", models.DateTimeField()),
                ("used_at", models.DateTimeField(blank=True, null=True)),
                ("enrolled_at", models.DateTimeField(blank=True, null=True)),
                (
                    "issued_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="setup_links",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "authenticator setup link",
            },
        ),
        migrations.RunPython(admins_may_view_setup_links, migrations.RunPython.noop),
    ]
