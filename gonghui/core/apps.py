from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (connects the audit signal handlers)
