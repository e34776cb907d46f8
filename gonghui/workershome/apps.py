from django.apps import AppConfig


class WorkersHomeConfig(AppConfig):
    name = "gonghui.workershome"
    label = "workershome"
    verbose_name = "职工之家"
