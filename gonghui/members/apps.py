from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = "人员与会员"

    def ready(self):
        from . import versioning

        versioning.connect()
