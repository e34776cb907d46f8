"""The 三期 register's pages: WOMEN_REGISTER only (another role gets 404); each reading of the list is audited."""
from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org, org_q
from gonghui.core.errors import ServiceError
from gonghui.core.views import ActionFormView, ObjectListView

from ..filtersets import MaternityFilterSet
from ..forms import MaternityForm
from ..selectors import women as selectors
from ..services import women as services
from ..tables import MaternityTable
from ._common import call


class RegisterListView(ObjectListView):
    perm = Perm.WOMEN_REGISTER
    title = "“三期”女职工登记"
    table_class = MaternityTable
    filterset_class = MaternityFilterSet
    add_url_name = "rights:maternity_add"
    add_perm = Perm.WOMEN_REGISTER

    def selector(self, request):
        return selectors.register(request.user, within=request.current_org)


class RegisterAddView(ActionFormView):
    perm = Perm.WOMEN_REGISTER
    title = action_label = "登记“三期”女职工"
    icon = "heart-pulse"
    form_class = MaternityForm
    intro = "“三期”信息属于个人敏感信息，只有女职工委员会和工会主席可以查看，每次查看记入操作日志。"

    def back_url(self):
        return reverse("rights:maternity_list")

    def perform(self, form):
        from gonghui.members.models import Person

        data = dict(form.cleaned_data)
        who = data.pop("who").strip().upper()
        person = (Person.objects.filter(org_q(self.request.user, Perm.WOMEN_REGISTER))
                  .filter(Q(id_number=who) | Q(member_no=who)).first())
        if person is None:
            raise ServiceError("在您负责的工会中找不到此人，请核对身份证号或会员编号。")
        return call(services.maternity_record, actor=self.request.user, person=person, **data)

    def blocked_reason(self):
        org = self.request.current_org
        if org is None or not can_on_org(self.request.user, Perm.WOMEN_REGISTER, org):
            return "请先在页面顶部切换到您负责的工会。"
        return ""
