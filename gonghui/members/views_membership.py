"""Membership action pages. (To be completed.)"""
import django_tables2 as tables

from gonghui.accounts.scope import Perm
from gonghui.core.views import ObjectListView

from . import selectors
from .models import Transfer


class TransferTable(tables.Table):
    person = tables.Column(verbose_name="姓名", linkify=("members:person_detail", {"pk": tables.A("person_id")}))

    class Meta:
        model = Transfer
        fields = ("person", "from_org", "to_org", "to_org_name", "requested_on", "status", "decided_on")
        attrs = {"class": "table table-hover table-sm align-middle bg-white"}


class TransferListView(ObjectListView):
    perm = Perm.PERSON_VIEW
    title = "转会办理"
    table_class = TransferTable
    filterset_fields = ["status"]
    model = Transfer

    def selector(self, request):
        return selectors.transfer_list(request.user, within=request.current_org)
