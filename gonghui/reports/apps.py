from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gonghui.reports"
    label = "reports"
    verbose_name = "统计与报告"

    def ready(self):
        from . import registry

        registry.autodiscover()
