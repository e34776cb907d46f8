from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "gonghui.care"
    label = "care"
    verbose_name = "帮扶关怀"

    def ready(self):
        from gonghui.core import calendar

        from .selectors import calendar_entries

        calendar.register("care", calendar_entries)
