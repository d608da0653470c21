from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "merit.workspace"
    label = "workspace"
    verbose_name = "merit workspace"
    default_auto_field = "django.db.models.BigAutoField"
