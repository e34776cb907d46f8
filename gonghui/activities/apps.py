from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    label = "activities"
    verbose_name = "文体活动与宣传培训"

    def ready(self):
        from gonghui.core import calendar

        from .calendar_entries import calendar_entries

        calendar.register("activities", calendar_entries)
