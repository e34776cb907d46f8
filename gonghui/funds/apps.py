from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "gonghui.funds"
    label = "funds"
    verbose_name = "经费管理"

    def ready(self):
        from . import links

        links.autodiscover()  # every area's ledger_links.py: the records that become proposed ledger entries
