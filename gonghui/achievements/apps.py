from django.apps import AppConfig


class AchievementsConfig(AppConfig):
    name = "gonghui.achievements"
    label = "achievements"
    verbose_name = "建功立业"

    def ready(self):
        from . import hooks  # noqa: F401  (the person page's 荣誉 panel)
