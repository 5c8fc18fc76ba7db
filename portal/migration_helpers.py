"""Used by data migrations that give the working groups their permissions.

Kept small and stable on purpose: migrations import it, so a change here changes what
old migrations do.
"""

from django.contrib.auth.management import create_permissions


def grant_permissions(apps, *, app_label: str, group: str, codenames: list[str]) -> None:
    """Give a group some of an app's permissions, creating them first.

    Django normally creates permissions after migrate finishes; a data migration needs
    them now. The migration's app registry holds stubs, which create_permissions skips
    unless they claim a models module.
    """
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    named, _ = Group.objects.get_or_create(name=group)
    named.permissions.add(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )


def revoke_permissions(apps, *, app_label: str, group: str, codenames: list[str]) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for named in Group.objects.filter(name=group):
        named.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
