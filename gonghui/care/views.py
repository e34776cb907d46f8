"""Care pages for union officers (帮扶关怀): hardship files, assistance and its approval, condolence visits,
五必访 reminders, birthdays, health checks and the union calendar. Campaigns and rule sets: views_campaigns.

Views stay thin: reads go through `gonghui.care.selectors` (scoped to request.user, `within=request.current_org`),
writes through `gonghui.care.services` (actor=request.user). A ServiceError with code "out_of_scope" answers 404,
any other comes back to the form as a Chinese error.
"""
from __future__ import annotations

import calendar as pycalendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.views.decorators.http import require_POST

from gonghui.accounts.scope import Perm, can_on_org, has_perm, is_member_only
from gonghui.core import calendar as core_calendar
from gonghui.core.errors import ServiceError
from gonghui.core.excel import Column
from gonghui.core.selectors import object_history
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, xlsx_response
from gonghui.members.filtersets import CATEGORY_Q, search_q
from gonghui.members.models import FamilyMember, Person
from gonghui.members.selectors import person_list

from . import rules, selectors, services
from .filtersets import AssistanceFilterSet, CondolenceFilterSet, HardshipFileFilterSet, HealthCheckFilterSet
from .forms import (
    CondolenceEditForm,
    LifeEventForm,
    AssistanceForm,
    AttachForm,
    BirthdayForm,
    CancelForm,
    CondolenceForm,
    DecideForm,
    DisburseForm,
    HardshipCloseForm,
    HardshipLevelForm,
    HardshipOpenForm,
    HardshipReviewForm,
    HealthCheckForm,
    ParticipantsAddForm,
)
from .models import (
    EVENT_OCCASION,
    Assistance,
    AssistanceAttachment,
    Condolence,
    HardshipFile,
    HealthCheck,
    RecipientKind,
)
from .tables import AssistanceTable, CondolenceTable, HardshipFileTable, HealthCheckTable

SEARCH_LIMIT = 15
NOT_FOUND = "未找到该记录"


# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------

def require_perm(user, perm) -> None:
    if not user.is_authenticated or not has_perm(user, perm):
        raise Http404("未找到该页面")


def call(service, **kwargs):
    """Run a service; out of scope answers 404 (the message would not say whether the record exists)."""
    try:
        return service(**kwargs)
    except ServiceError as exc:
        if getattr(exc, "code", None) == "out_of_scope":
            raise Http404(NOT_FOUND) from None
        raise


def first_message(exc: ServiceError) -> str:
    return exc.messages[0] if exc.messages else str(exc)




def care_people(user, org, perm=Perm.CARE_EDIT):
    """People the user may record care for, in the current organisation's subtree."""
    return person_list(user, within=org, perm=perm).exclude(work_status=Person.WorkStatus.LEFT)


class CareListView(ObjectListView):
    template_name = "care/object_list.html"
    export_formats = ("xlsx",)
    links: tuple[tuple[str, str, str], ...] = ()  # (label, url name, icon)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["links"] = [(label, reverse(name), icon) for label, name, icon in self.links]
        return ctx


class CareActionView(ActionFormView):
    """A form for one care action: a full page (care/action_form.html) whose valid data goes to a service."""

    perm = Perm.CARE_EDIT
    template_name = "care/action_form.html"

    def load(self, request, **kwargs) -> None:
        """Look up the objects the action is on (404 outside scope)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.load(request, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def form_kwargs(self) -> dict:
        return {}

    def get_form(self):
        return self.form_class(**self.get_form_kwargs(), **self.form_kwargs())

    def act(self, data: dict):  # pragma: no cover - each action declares it
        raise NotImplementedError

    def perform(self, form):
        try:
            return self.act(form.cleaned_data)
        except ServiceError as exc:
            if getattr(exc, "code", None) == "out_of_scope":
                raise Http404(NOT_FOUND) from None
            raise

    def back_url(self) -> str:
        return reverse("care:calendar")


@login_required
def person_search(request):
    """HTMX: people of the current organisation's subtree the user may record care for (name, pinyin, number)."""
    require_perm(request.user, Perm.CARE_EDIT)
    field = request.GET.get("field", "person")
    if not field.replace("_", "").isalnum() or len(field) > 40:
        field = "person"
    text = request.GET.get("q", "").strip()
    people, more = [], False
    if text:
        people = list(care_people(request.user, request.current_org).filter(search_q(text))
                      .order_by("name_pinyin", "id")[: SEARCH_LIMIT + 1])
        more = len(people) > SEARCH_LIMIT
        people = people[:SEARCH_LIMIT]
    return render(request, "care/_person_results.html", {"people": people, "more": more, "field": field, "q": text})


@login_required
def family_options(request):
    """HTMX: <option>s of the chosen person's family (only a person the user may record care for); for education
    aid (`kind=education`) their children only."""
    require_perm(request.user, Perm.CARE_EDIT)
    person_id = request.GET.get("person", "")
    family = []
    if person_id.isdigit():
        person = care_people(request.user, request.current_org).filter(pk=person_id).first()
        if person is not None:
            family = person.family.all()
            if request.GET.get("kind") == Assistance.Kind.EDUCATION:
                family = family.filter(relation=FamilyMember.Relation.CHILD)
            family = list(family)
    return render(request, "care/_family_options.html", {"family": family,
                                                         "selected": request.GET.get("family_member", "")})


def _family_of(user, org, data):
    """The family of the person named in the submitted/initial data, when the user may see that person."""
    person_id = str((data or {}).get("person", "") or "")
    if person_id.isdigit() and care_people(user, org).filter(pk=person_id).exists():
        return FamilyMember.objects.filter(person_id=person_id)
    return FamilyMember.objects.none()


# ---------------------------------------------------------------------------------------------------------------
# Calendar (工作日历)
# ---------------------------------------------------------------------------------------------------------------

@login_required
def calendar_view(request):
    require_perm(request.user, Perm.CARE_VIEW)
    org = request.current_org
    today = localdate()
    try:
        year, month = (int(x) for x in request.GET.get("month", f"{today:%Y-%m}").split("-"))
        first = datetime.date(year, month, 1)
    except (ValueError, TypeError):
        first = today.replace(day=1)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1]
    # Every area's dated entries (core.calendar): care's festivals and campaigns, activities' events, trainings and
    # meetings of the current organisation's subtree, each read through its area's scoped selectors.
    items = core_calendar.entries(request.user, org=org, start=start, end=end) if org else []
    by_day: dict[datetime.date, list] = {}
    for item in items:
        by_day.setdefault(item.date, []).append(item)
    grid = [[{"date": d, "items": by_day.get(d, []), "other": d.month != first.month, "today": d == today}
             for d in week] for week in weeks]
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    reminder_links = {"reviews_due": reverse("care:hardship_overdue"), "not_visited": reverse("care:not_visited"),
                      "survivor_reverify": reverse("care:assistance_list") + "?kind=survivor&status=disbursed"}
    reminders = [(r, reminder_links.get(r.kind)) for r in selectors.reminders(request.user, org=org)] if org else []
    month_items = [i for i in items if i.date.month == first.month]
    shown = {i.kind for i in items} | {"festival", "campaign"}
    kinds = [(k, label) for k, label in core_calendar.KINDS.items() if k in shown]
    return render(request, "care/calendar.html", {
        "title": "工作日历", "grid": grid, "month": first, "previous": previous, "following": following,
        "reminders": reminders, "month_items": month_items, "weekdays": "一二三四五六日", "kinds": kinds,
    })


# ---------------------------------------------------------------------------------------------------------------
# Hardship files (困难职工档案) — CARE_SENSITIVE only
# ---------------------------------------------------------------------------------------------------------------

HARDSHIP_COLUMNS = [Column("档案编号", 16), Column("姓名", 10), Column("所属工会", 20), Column("困难程度", 10),
                    Column("致困原因", 20), Column("家庭人口", 8, "number"), Column("月人均收入", 12, "money"),
                    Column("建档日期", 12, "date"), Column("核实人", 10), Column("核实日期", 12, "date"),
                    Column("下次复核", 12, "date"), Column("状态", 8), Column("脱困日期", 12, "date"),
                    Column("脱困原因", 20)]


def _hardship_rows(queryset):
    for f in queryset.iterator(chunk_size=2000):
        yield [f.file_no, f.person.name, f.org.name, f.get_level_display(), "、".join(f.cause_labels),
               f.household_size, f.income_per_head, f.opened_on, f.verified_by, f.verified_on, f.review_due_on,
               f.get_status_display(), f.closed_on, f.close_reason]


class HardshipListView(CareListView):
    perm = Perm.CARE_SENSITIVE
    title = "困难职工档案"
    table_class = HardshipFileTable
    filterset_class = HardshipFileFilterSet
    add_url_name = "care:hardship_add"
    add_perm = Perm.CARE_EDIT
    links = (("复核到期", "care:hardship_overdue", "alarm"),)

    def selector(self, request):
        return selectors.hardship_file_list(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        return xlsx_response(request, model=HardshipFile, title="困难职工档案", columns=HARDSHIP_COLUMNS,
                             rows=_hardship_rows(queryset), filename="困难职工档案")


class HardshipOverdueView(HardshipListView):
    title = "困难职工档案复核到期（30天内及已逾期）"
    filterset_class = HardshipFileFilterSet
    add_url_name = None
    links = (("全部档案", "care:hardship_list", "folder2-open"),)

    def selector(self, request):
        return selectors.hardship_reviews_due(request.user, within=request.current_org)


class HardshipDetailView(ObjectDetailView):
    perm = Perm.CARE_SENSITIVE
    template_name = "care/hardship_detail.html"

    def selector(self, request, pk):
        return selectors.hardship_file_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        file, user = self.object, self.request.user
        assistance = selectors.assistance_list(user).filter(person_id=file.person_id)
        ctx.update(
            title=f"困难职工档案：{file.person.name}",
            levels=selectors.hardship_level_history(file),
            household=file.household_members.all(),
            family=file.person.family.all(),
            assistance=assistance.order_by("-applied_on", "-id")[:100],
            condolences=selectors.condolence_list(user).filter(person_id=file.person_id)[:100],
            history=object_history(file),
            can_edit=file.is_open and can_on_org(user, Perm.CARE_EDIT, file.org),
            overdue=file.is_open and file.review_due_on and file.review_due_on < localdate(),
            tab=self.request.GET.get("tab", "info"),
        )
        return ctx


class HardshipOpenView(CareActionView):
    perm = Perm.CARE_SENSITIVE
    form_class = HardshipOpenForm
    title = action_label = "建立困难职工档案"
    icon = "folder-plus"
    intro = "为会员家庭建档（一户一档）。建档后每年复核（摸底核实），困难程度的变化留有记录。"

    def form_kwargs(self):
        return {"people": care_people(self.request.user, self.request.current_org),
                "search_url": reverse("care:person_search")}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET" and self.request.GET.get("person", "").isdigit():
            kwargs["initial"] = {"person": self.request.GET["person"]}
        return kwargs

    def act(self, data):
        return services.hardship_file_open(actor=self.request.user, **data)

    def back_url(self):
        return reverse("care:hardship_list")

    def success_url(self, file):
        return reverse("care:hardship_detail", kwargs={"pk": file.pk})

    def success_message(self, file):
        return f"已为{file.person.name}建立困难职工档案（{file.file_no}）。"


class HardshipFileActionView(CareActionView):
    perm = Perm.CARE_SENSITIVE

    def load(self, request, pk, **kwargs):
        self.file = selectors.hardship_file_get(request.user, pk, record_reveal=False)
        self.title = f"{self.action_label}：{self.file.person.name}"

    def summary(self):
        f = self.file
        return [("档案编号", f.file_no), ("困难职工", f"{f.person.name}（{f.org.name}）"),
                ("困难程度", f.get_level_display()), ("致困原因", "、".join(f.cause_labels)),
                ("上次核实", f"{f.verified_on or '—'} {f.verified_by}"), ("下次复核", str(f.review_due_on or "—"))]

    def blocked_reason(self):
        return "" if self.file.is_open else "该档案已脱困关闭，不能再办理；如该户再次困难，请重新建档。"

    def back_url(self):
        return reverse("care:hardship_detail", kwargs={"pk": self.file.pk})


class HardshipReviewView(HardshipFileActionView):
    form_class = HardshipReviewForm
    action_label = "复核（摸底核实）"
    icon = "clipboard-check"
    intro = "年度复核：记录核实人和日期，更新家庭情况；困难程度有变化的，自核实日起按新的程度管理。"

    def form_kwargs(self):
        f = self.file
        initial = {"verified_by": self.request.user.get_full_name() or self.request.user.get_username(),
                   "level": f.level, "causes": [c.cause for c in f.causes.all()], "household_size": f.household_size,
                   "income_per_head": f.income_per_head or "", "situation": f.situation,
                   "household_members": list(f.household_members.all())}
        return {"file": f, "initial": initial}

    def act(self, data):
        data = dict(data)
        members = list(data.pop("household_members"))
        return services.hardship_file_review(actor=self.request.user, file=self.file, household_members=members,
                                             **data)

    def success_message(self, file):
        return f"已记录{file.person.name}的年度复核，下次复核日期 {file.review_due_on}。"


class HardshipLevelView(HardshipFileActionView):
    form_class = HardshipLevelForm
    action_label = "调整困难程度"
    icon = "arrow-down-up"
    intro = "自起始日期起按新的困难程度管理；原来的困难程度保留在记录中。"

    def act(self, data):
        return services.hardship_file_change_level(actor=self.request.user, file=self.file, **data)


class HardshipCloseView(HardshipFileActionView):
    form_class = HardshipCloseForm
    action_label = "脱困"
    icon = "box-arrow-right"
    danger = True
    intro = "脱困后档案关闭，不能再用于救助；如该户再次困难，请重新建档。"

    def act(self, data):
        return services.hardship_file_close(actor=self.request.user, file=self.file, **data)


# ---------------------------------------------------------------------------------------------------------------
# Assistance (救助补助)
# ---------------------------------------------------------------------------------------------------------------

ASSISTANCE_COLUMNS = [Column("编号", 8, "number"), Column("姓名", 10), Column("工会", 20), Column("类别", 14),
                      Column("家属", 10), Column("金额(元)", 12, "money"), Column("形式", 8), Column("物品", 20),
                      Column("经费来源", 10), Column("申请日期", 12, "date"), Column("状态", 8),
                      Column("发放日期", 12, "date"), Column("凭证号", 18), Column("超标准", 8), Column("事由", 30)]


def _assistance_rows(queryset):
    from .services._common import goods_text

    for a in queryset.iterator(chunk_size=2000):
        yield [a.pk, a.person.name, a.org.name, a.get_kind_display(),
               a.family_member.name if a.family_member_id else "", a.amount, a.get_form_display(), goods_text(a.goods),
               a.get_funding_source_display(), a.applied_on, a.get_status_display(), a.disbursed_on, a.receipt_no,
               "是" if a.over_cap or a.yearly_over_cap else "", a.reason]


class AssistanceListView(CareListView):
    perm = Perm.CARE_VIEW
    title = "救助补助"
    table_class = AssistanceTable
    filterset_class = AssistanceFilterSet
    add_url_name = "care:assistance_add"
    add_perm = Perm.CARE_EDIT
    links = (("待我审批", "care:assistance_awaiting", "inbox"),)

    def selector(self, request):
        return selectors.assistance_list(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        return xlsx_response(request, model=Assistance, title="救助补助", columns=ASSISTANCE_COLUMNS,
                             rows=_assistance_rows(queryset), filename="救助补助")


class AssistanceAwaitingView(AssistanceListView):
    """The approval inbox: whoever may decide a step (a 小组长 has no care permission otherwise)."""

    perm = None
    title = "待我审批"
    add_url_name = None
    export_formats = ()
    links = ()

    def selector(self, request):
        return selectors.assistance_awaiting(request.user, within=request.current_org)


class AssistanceCreateView(CareActionView):
    perm = Perm.CARE_EDIT
    form_class = AssistanceForm
    template_name = "care/assistance_form.html"
    title = action_label = "登记救助补助"
    icon = "cash-coin"
    intro = ("工会干部代为录入申请（纸质申请、或替会员办理）。提交后按本工会设定的审批环节审批，批准后发放。"
             "助学须选择子女并填写学校；遗属供养须选择领取供养的遗属并填写复核日期。")

    def form_kwargs(self):
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        initial = {k: data[k] for k in ("person", "kind") if data.get(k)}
        return {"people": care_people(self.request.user, self.request.current_org),
                "search_url": reverse("care:person_search"),
                "family": _family_of(self.request.user, self.request.current_org, data), "initial": initial}

    def act(self, data):
        data = dict(data)
        person = data["person"]
        # The household in care now (if any) is named on the application; a closed file never is.
        data["hardship_file"] = (selectors.hardship_file_list(self.request.user, status=HardshipFile.Status.OPEN)
                                 .filter(person=person).first()) if has_perm(self.request.user, Perm.CARE_SENSITIVE) else None
        return services.assistance_create(actor=self.request.user, **data)

    def back_url(self):
        return reverse("care:assistance_list")

    def success_url(self, a):
        return reverse("care:assistance_detail", kwargs={"pk": a.pk})

    def success_message(self, a):
        return f"已登记{a.person.name}的{a.get_kind_display()}（{a.amount}元），状态：{a.get_status_display()}。"


def approval_timeline(a: Assistance) -> list[dict]:
    """Each configured step with its decision (who, when, opinion) or its waiting state."""
    from gonghui.accounts.roles import Role

    roles = dict(Role.choices)
    decisions = {d.step: d for d in selectors.assistance_decisions(a)}
    rows = []
    for index, step in enumerate(a.approval_steps or []):
        d = decisions.get(index)
        state = "decided" if d else ("current" if a.current_step_info and index == a.current_step else "pending")
        skipped = step.get("skipped", "")  # nobody held the step: passed on (services._pass_unheld)
        rows.append({"label": step.get("label", ""), "role_label": roles.get(step.get("role", ""), ""),
                     "decision": None if skipped else d, "skipped": skipped, "reason": d.comment if d else "",
                     "added": bool(step.get("added")), "state": "skipped" if skipped else state})
    return rows


class AssistanceDetailView(ObjectDetailView):
    perm = None  # the selector decides: care scope, own application, or awaiting the user's decision
    template_name = "care/assistance_detail.html"

    def selector(self, request, pk):
        if is_member_only(request.user):
            raise Http404(NOT_FOUND)  # members follow their applications on their own pages
        return selectors.assistance_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        a, user = self.object, self.request.user
        can_edit = can_on_org(user, Perm.CARE_EDIT, a.org)
        ctx.update(
            title=f"{a.get_kind_display()}：{a.person.name}",
            timeline=approval_timeline(a),
            may_decide=services.may_decide(user, a),
            decide_form=DecideForm(),
            can_disburse=can_edit and a.status == Assistance.Status.APPROVED,
            can_cancel=can_edit and a.status in (Assistance.Status.DRAFT, Assistance.Status.SUBMITTED,
                                                 Assistance.Status.IN_REVIEW, Assistance.Status.APPROVED),
            can_submit=can_edit and a.status == Assistance.Status.DRAFT,
            can_attach=can_edit and a.status not in (Assistance.Status.CANCELLED,),
            attachments=selectors.assistance_attachments(a),
            attach_form=AttachForm(),
            cancel_form=CancelForm(),
            history=object_history(a) if can_on_org(user, Perm.CARE_VIEW, a.org) else [],
            goods_text=_goods_text(a.goods),
            tab=self.request.GET.get("tab", "info"),
        )
        return ctx


def _goods_text(goods):
    from .services._common import goods_text

    return goods_text(goods)


def _detail(a_or_pk) -> str:
    return reverse("care:assistance_detail", kwargs={"pk": getattr(a_or_pk, "pk", a_or_pk)})


@login_required
@require_POST
def assistance_decide(request, pk):
    a = selectors.assistance_get(request.user, pk)
    form = DecideForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    if form.is_valid():
        try:
            a = call(services.assistance_decide, actor=request.user, assistance=a, approve=approve,
                     comment=form.cleaned_data["comment"])
        except ServiceError as exc:
            messages.error(request, first_message(exc))
        else:
            messages.success(request, f"已{'同意' if approve else '不同意'}。当前状态：{a.get_status_display()}。")
    if not selectors.assistance_list(request.user).filter(pk=a.pk).exists():
        return redirect("care:assistance_awaiting")  # decided and no longer visible to a step-only approver
    return redirect(_detail(a))


@login_required
@require_POST
def assistance_submit(request, pk):
    a = selectors.assistance_get(request.user, pk)
    try:
        a = call(services.assistance_submit, actor=request.user, assistance=a)
    except ServiceError as exc:
        messages.error(request, first_message(exc))
    else:
        messages.success(request, "已提交审批。")
    return redirect(_detail(a))


@login_required
@require_POST
def assistance_cancel(request, pk):
    a = selectors.assistance_get(request.user, pk)
    form = CancelForm(request.POST)
    form.is_valid()
    try:
        a = call(services.assistance_cancel, actor=request.user, assistance=a,
                 reason=form.cleaned_data.get("reason", ""))
    except ServiceError as exc:
        messages.error(request, first_message(exc))
    else:
        messages.success(request, "已撤销该申请。")
    return redirect(_my_or_officer_detail(request, a))


def _my_or_officer_detail(request, a) -> str:
    if is_member_only(request.user):
        return reverse("care:my_detail", kwargs={"pk": a.pk})
    return _detail(a)


@login_required
@require_POST
def assistance_attach(request, pk):
    """Upload an attachment (officer, or the applicant on their own application)."""
    a = selectors.assistance_get(request.user, pk)
    form = AttachForm(request.POST, request.FILES)
    if getattr(request, "upload_too_large", False):
        messages.error(request, "附件太大，未能上传。")
    elif form.is_valid():
        try:
            with transaction.atomic():
                att = call(services.assistance_attach, actor=request.user, assistance=a, file=form.cleaned_data["file"])
        except ServiceError as exc:
            messages.error(request, first_message(exc))
        else:
            messages.success(request, f"已上传附件：{att.name}")
    else:
        messages.error(request, "请选择要上传的文件。")
    return redirect(_my_or_officer_detail(request, a) + "#attachments")


@login_required
def attachment_download(request, pk):
    """An attachment, only to someone who may see its application (the file names cannot be guessed, and the
    media folder is not served)."""
    assistance_id = AssistanceAttachment.objects.filter(pk=pk).values_list("assistance_id", flat=True).first()
    if assistance_id is None:
        raise Http404(NOT_FOUND)
    a = selectors.assistance_get(request.user, assistance_id)
    att = selectors.assistance_attachments(a).filter(pk=pk).first()
    if att is None:
        raise Http404(NOT_FOUND)
    try:
        handle = att.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已丢失，请联系管理员。") from None
    inline = request.GET.get("inline") == "1"
    return FileResponse(handle, as_attachment=not inline, filename=att.name)


class AssistanceDisburseView(CareActionView):
    perm = Perm.CARE_EDIT
    form_class = DisburseForm
    action_label = "发放"
    icon = "wallet2"
    intro = "登记发放并生成凭证号（本工会内唯一）。同一申请重复提交不会重复发放。"

    def load(self, request, pk, **kwargs):
        self.assistance = selectors.assistance_get(request.user, pk)
        self.title = f"发放：{self.assistance.get_kind_display()} · {self.assistance.person.name}"

    def form_kwargs(self):
        a = self.assistance
        return {"initial": {"method": a.form, "funding_source": a.funding_source}}

    def summary(self):
        a = self.assistance
        rows = [("救助对象", f"{a.person.name}（{a.org.name}）"), ("类别", a.get_kind_display()),
                ("金额", f"{a.amount}元（{a.amount_in_capitals}）"), ("形式", a.get_form_display())]
        if a.goods:
            rows.append(("物品", _goods_text(a.goods)))
        rows.append(("状态", a.get_status_display()))
        return rows

    def blocked_reason(self):
        a = self.assistance
        if a.status == Assistance.Status.DISBURSED:
            return f"已于{a.disbursed_on}发放，凭证号 {a.receipt_no}。"
        if a.status != Assistance.Status.APPROVED:
            return f"该申请{a.get_status_display()}，批准后才能发放。"
        return ""

    def act(self, data):
        return services.assistance_disburse(actor=self.request.user, assistance=self.assistance, **data)

    def back_url(self):
        return _detail(self.assistance)

    def success_message(self, a):
        return f"已发放，凭证号 {a.receipt_no}。"


@login_required
def assistance_voucher(request, pk):
    """The printable voucher (救助发放凭证), A4, amount in figures and in capitals."""
    voucher = selectors.assistance_voucher(request.user, pk)  # a member: only their own (404 otherwise)
    a = selectors.assistance_get(request.user, pk)
    return render(request, "care/assistance_voucher.html", {"v": voucher, "a": a, "printed_at": localdate(),
                                                            "title": f"救助发放凭证 {voucher.get('receipt_no') or ''}"})


# ---------------------------------------------------------------------------------------------------------------
# Condolence visits (慰问看望)
# ---------------------------------------------------------------------------------------------------------------

CONDOLENCE_COLUMNS = [Column("慰问日期", 12, "date"), Column("职工", 10), Column("慰问对象", 10), Column("家属", 10),
                      Column("事由", 12), Column("形式", 8), Column("慰问品", 16), Column("金额/价值(元)", 12, "money"),
                      Column("标准(元)", 10, "money"), Column("上限(元)", 10, "money"), Column("经费来源", 10),
                      Column("慰问人", 16), Column("工会", 20), Column("超单次上限", 8), Column("超年度上限", 8),
                      Column("超标准说明", 24)]


def _condolence_rows(queryset):
    for c in queryset.iterator(chunk_size=2000):
        yield [c.visited_on, c.person.name, c.get_recipient_kind_display(),
               c.family_member.name if c.family_member_id else "", c.get_occasion_display(), c.get_form_display(),
               c.gift, c.amount, c.standard_amount, c.cap_amount, c.get_funding_source_display(), c.visitors,
               c.org.name, "是" if c.over_cap else "", "是" if c.yearly_over_cap else "", c.over_cap_reason]


class CondolenceListView(CareListView):
    perm = Perm.CARE_VIEW
    title = "慰问看望"
    table_class = CondolenceTable
    filterset_class = CondolenceFilterSet
    add_url_name = "care:condolence_add"
    add_perm = Perm.CARE_EDIT
    links = (("未走访提醒", "care:not_visited", "bell"), ("生日慰问", "care:birthdays", "gift"))

    def selector(self, request):
        return selectors.condolence_list(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        return xlsx_response(request, model=Condolence, title="慰问看望", columns=CONDOLENCE_COLUMNS,
                             rows=_condolence_rows(queryset), filename="慰问看望")


class CondolenceDetailView(ObjectDetailView):
    perm = Perm.CARE_VIEW
    template_name = "care/condolence_detail.html"

    def selector(self, request, pk):
        return selectors.condolence_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=f"慰问：{self.object.person.name}", history=object_history(self.object),
                   can_edit=can_on_org(self.request.user, Perm.CARE_EDIT, self.object.org))
        return ctx


class CondolenceCreateView(CareActionView):
    form_class = CondolenceForm
    template_name = "care/condolence_form.html"
    title = action_label = "登记慰问看望"
    icon = "heart"
    intro = "选择职工和事由后，按适用的经费标准自动填入标准金额；超过上限须写明原因，并提交经审审查。"

    def _event(self):
        value = (self.request.POST if self.request.method == "POST" else self.request.GET).get("life_event", "")
        if str(value).isdigit():
            return selectors.life_event_list(self.request.user, within=self.request.current_org).filter(pk=value).first()
        return None

    def form_kwargs(self):
        user, org = self.request.user, self.request.current_org
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        initial = {}
        if self.request.method == "GET":
            initial = {k: data[k] for k in ("person", "occasion", "recipient_kind", "family_member") if data.get(k)}
            event = self._event()
            if event is not None:
                initial.update(person=event.person_id, life_event=event.pk,
                               occasion=EVENT_OCCASION.get(event.kind) or initial.get("occasion"))
                if event.family_member_id:
                    initial.update(family_member=event.family_member_id, recipient_kind=RecipientKind.FAMILY)
        return {"people": care_people(user, org), "search_url": reverse("care:person_search"),
                "family": _family_of(user, org, initial or data), "initial": initial}

    def act(self, data):
        data = dict(data)
        data.pop("life_event", None)
        return services.condolence_record(actor=self.request.user, life_event=self._event(),
                                          recipient_kind=data.pop("recipient_kind") or None, **data)

    def back_url(self):
        return reverse("care:condolence_list")

    def success_url(self, c):
        return reverse("care:condolence_detail", kwargs={"pk": c.pk})

    def success_message(self, c):
        flag = "（超标准，已提交经审审查）" if c.over_cap or c.yearly_over_cap else ""
        return f"已登记对{c.person.name}的{c.get_occasion_display()}慰问，{c.amount}元{flag}。"


class CondolenceEditView(CareActionView):
    form_class = CondolenceEditForm
    title = action_label = "更正慰问记录"
    icon = "pencil"
    intro = "更正日期、金额、形式等；修改前后的内容记入变更记录，金额仍按经费标准检查上限。"

    def load(self, request, **kwargs):
        self.condolence = selectors.condolence_get(request.user, kwargs["pk"])

    def form_kwargs(self):
        c = self.condolence
        return {"initial": {name: getattr(c, name) for name in ("visited_on", "visitors", "form", "gift", "amount",
                                                                 "funding_source", "over_cap_reason", "note")}}

    def summary(self):
        c = self.condolence
        return [("慰问对象", c.person.name), ("事由", c.get_occasion_display())]

    def act(self, data):
        return services.condolence_update(actor=self.request.user, condolence=self.condolence, **data)

    def back_url(self):
        return reverse("care:condolence_detail", kwargs={"pk": self.condolence.pk})

    def success_message(self, c):
        return f"已更正对{c.person.name}的慰问记录。"


@login_required
def condolence_propose(request):
    """HTMX: the standard amount and the cap of the applicable rule set for the form's occasion and recipient."""
    require_perm(request.user, Perm.CARE_EDIT)
    org = request.current_org
    data = request.GET
    person_id = data.get("person", "")
    person = care_people(request.user, org).filter(pk=person_id).first() if person_id.isdigit() else None
    occasion = data.get("occasion", "")
    try:
        day = datetime.date.fromisoformat(data.get("visited_on", ""))
    except ValueError:
        day = localdate()
    kind = data.get("recipient_kind") or ""
    if not kind:
        kind = (RecipientKind.FAMILY if data.get("family_member") else
                services.recipient_kind_of(person) if person is not None else RecipientKind.SERVING)
    applied = rules.rule_for(person.org if person is not None else org, occasion, kind, day) if org else rules.NO_RULE
    yearly = None
    if person is not None and applied.yearly_cap is not None:
        yearly = rules.yearly_total(person.pk, occasion, day.year)
    return render(request, "care/_propose.html", {"applied": applied, "kind": RecipientKind(kind).label
                                                  if kind in RecipientKind.values else "", "person": person,
                                                  "yearly_total": yearly, "family": list(person.family.all()) if person else [],
                                                  "family_selected": data.get("family_member", "")})


@login_required
def flagged_list(request):
    """经审: payments above the caps (per visit or per year)."""
    require_perm(request.user, Perm.CARE_FLAGGED)
    start = _date(request.GET.get("start"))
    end = _date(request.GET.get("end"))
    flagged = selectors.flagged_list(request.user, within=request.current_org, start=start, end=end)
    condolences = Paginator(flagged.condolences, 50).get_page(request.GET.get("page"))
    assistance = Paginator(flagged.assistance, 50).get_page(request.GET.get("apage"))
    return render(request, "care/flagged_list.html", {"title": "超标准慰问与救助（经审）", "condolences": condolences,
                                                      "assistance": assistance, "start": start, "end": end})


def _date(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------------------------
# 五必访: not yet visited
# ---------------------------------------------------------------------------------------------------------------

@login_required
def not_visited(request):
    require_perm(request.user, Perm.CARE_VIEW)
    org = request.current_org
    overdue_only = request.GET.get("overdue") == "1"
    events = selectors.not_yet_visited(request.user, within=org, overdue_only=overdue_only) if org else []
    if request.GET.get("export") == "xlsx" and org:
        rows = ([e.occurred_on, selectors.due_on(e), e.person.name, e.family_member.name if e.family_member_id else "",
                 e.get_kind_display(), e.org.name, e.note] for e in events.iterator(chunk_size=2000))
        from .models import LifeEvent

        return xlsx_response(request, model=LifeEvent, title="未走访提醒", filename="未走访提醒", rows=rows,
                             columns=[Column("发生日期", 12, "date"), Column("应访日期", 12, "date"), Column("职工", 10),
                                      Column("家属", 10), Column("事项", 12), Column("工会", 20), Column("说明", 30)])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    today = localdate()
    rows = []
    for e in page:
        due = selectors.due_on(e)
        occasion = EVENT_OCCASION.get(e.kind)
        query = f"?life_event={e.pk}&person={e.person_id}" + (f"&occasion={occasion}" if occasion else "")
        rows.append({"event": e, "due": due, "overdue": due < today, "record_url": reverse("care:condolence_add") + query})
    return render(request, "care/not_visited.html", {"title": "未走访提醒（五必访）", "page": page, "rows": rows,
                                                     "overdue_only": overdue_only,
                                                     "can_edit": has_perm(request.user, Perm.CARE_EDIT)})


class LifeEventAddView(CareActionView):
    """An officer records that something happened to a member (住院, 结婚, 生育, 去世 …): 五必访 then lists who is
    still to be visited. Reached from the person's page (?person=<id>)."""

    title = action_label = "登记家庭事项"
    icon = "bell"
    intro = "登记后，按“五必访”规则在应访期限内提醒走访慰问。"

    def load(self, request, **kwargs):
        from gonghui.members.selectors import person_get

        pk = request.GET.get("person") or request.POST.get("person_id") or ""
        if not pk.isdigit():
            raise Http404(NOT_FOUND)
        self.person = person_get(request.user, int(pk), perm=Perm.CARE_EDIT)

    def get_form(self):
        return LifeEventForm(**self.get_form_kwargs(), family=self.person.family.all())

    def summary(self):
        return [("职工", f"{self.person.name}（{self.person.org.name}）")]

    def act(self, data):
        return services.life_event_report(actor=self.request.user, person=self.person, **data)

    def back_url(self):
        return reverse("members:person_detail", kwargs={"pk": self.person.pk})

    def success_url(self, event):
        return reverse("care:not_visited")

    def success_message(self, event):
        return f"已登记：{self.person.name} {event.get_kind_display()}（{event.occurred_on:%Y-%m-%d}）。"


# ---------------------------------------------------------------------------------------------------------------
# Birthdays (生日慰问)
# ---------------------------------------------------------------------------------------------------------------

@login_required
def birthdays(request):
    require_perm(request.user, Perm.CARE_VIEW)
    org = request.current_org
    today = localdate()
    try:
        month = int(request.GET.get("month") or request.POST.get("month") or today.month)
        month = month if 1 <= month <= 12 else today.month
    except ValueError:
        month = today.month
    form = BirthdayForm(request.POST or None)
    if request.method == "POST":
        if org is None or not can_on_org(request.user, Perm.CARE_EDIT, org):
            raise Http404(NOT_FOUND)
        if form.is_valid():
            try:
                result = call(services.birthday_gifts_record, actor=request.user, org=org, month=month,
                              **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, first_message(exc))
            else:
                messages.success(request, f"已登记{month}月生日慰问{result.created}人，合计{result.total_amount}元"
                                          + (f"；{result.skipped}人今年已登记过，已跳过" if result.skipped else "") + "。")
                return redirect(reverse("care:birthdays") + f"?month={month}")
    people = selectors.birthdays_in_month(request.user, within=org, month=month, year=today.year) if org else Person.objects.none()
    if request.GET.get("export") == "xlsx" and org:
        rows = ([f"{month}月{p.birth_day}日", p.name, p.get_gender_display(), p.org.name, p.department,
                 "已登记" if p.gifted else ""] for p in people)
        return xlsx_response(request, model=Person, title=f"{month}月生日会员", filename="生日会员", rows=rows,
                             columns=[Column("生日", 10), Column("姓名", 10), Column("性别", 6), Column("工会", 20),
                                      Column("部门", 14), Column("生日慰问", 10)])
    page = Paginator(people, 100).get_page(request.GET.get("page"))
    counts = {"total": people.count() if org else 0}
    counts["gifted"] = people.filter(gifted=True).count() if org else 0
    return render(request, "care/birthdays.html", {
        "title": f"生日慰问（{month}月）", "page": page, "month": month, "months": range(1, 13), "form": form,
        "counts": counts, "extra": f"month={month}&", "can_edit": org is not None and can_on_org(request.user, Perm.CARE_EDIT, org)})


# ---------------------------------------------------------------------------------------------------------------
# Health checks (健康体检)
# ---------------------------------------------------------------------------------------------------------------

class HealthCheckListView(CareListView):
    perm = Perm.CARE_VIEW
    title = "健康体检"
    table_class = HealthCheckTable
    filterset_class = HealthCheckFilterSet
    add_url_name = "care:health_add"
    add_perm = Perm.CARE_EDIT

    def selector(self, request):
        return selectors.health_check_list(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        rows = ([h.checked_on, str(h), h.get_kind_display(), h.org.name, h.provider, h.participant_count, h.cost,
                 h.get_funding_source_display()] for h in queryset)
        return xlsx_response(request, model=HealthCheck, title="健康体检", filename="健康体检", rows=rows,
                             columns=[Column("体检日期", 12, "date"), Column("名称", 20), Column("类型", 14),
                                      Column("工会", 20), Column("体检机构", 16), Column("参检人数", 8, "number"),
                                      Column("总费用(元)", 12, "money"), Column("经费来源", 10)])


class HealthCheckCreateView(CareActionView):
    form_class = HealthCheckForm
    title = action_label = "新建体检批次"
    icon = "clipboard2-pulse"
    intro = "在当前组织下新建体检批次，保存后添加参检人员。"

    def blocked_reason(self):
        org = self.request.current_org
        return "" if org is not None and can_on_org(self.request.user, Perm.CARE_EDIT, org) else "您不能在当前组织下新建体检批次，请切换组织。"

    def act(self, data):
        return services.health_check_create(actor=self.request.user, org=self.request.current_org, **data)

    def back_url(self):
        return reverse("care:health_list")

    def success_url(self, batch):
        return reverse("care:health_detail", kwargs={"pk": batch.pk})


def _participant_people(user, batch, source):
    people = person_list(user, within=batch.org, perm=Perm.CARE_EDIT).filter(
        member_status__in=[Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING]).exclude(
        work_status=Person.WorkStatus.DECEASED)
    if source == "women":
        return people.filter(CATEGORY_Q["female"])
    if source == "retired":
        return people.filter(CATEGORY_Q["retired"])
    if source == "model_worker":
        return people.filter(CATEGORY_Q["model_worker"])
    return people


@login_required
def health_detail(request, pk):
    require_perm(request.user, Perm.CARE_VIEW)
    batch = selectors.health_check_get(request.user, pk)
    can_edit = can_on_org(request.user, Perm.CARE_EDIT, batch.org)
    people = person_list(request.user, within=batch.org, perm=Perm.CARE_EDIT) if can_edit else Person.objects.none()
    form = ParticipantsAddForm(request.POST or None, people=people, search_url=reverse("care:person_search"))
    if request.method == "POST":
        if not can_edit:
            raise Http404(NOT_FOUND)
        if form.is_valid():
            data = form.cleaned_data
            chosen = ([data["person"]] if data.get("person") else
                      _participant_people(request.user, batch, data["source"]))
            try:
                added = call(services.health_check_add_participants, actor=request.user, check=batch, people=chosen,
                             cost_each=data.get("cost_each") or None)
            except ServiceError as exc:
                form.add_error(None, first_message(exc))
            else:
                messages.success(request, f"已添加参检人员{added}人（已在名单中的不重复添加）。")
                return redirect("care:health_detail", pk=batch.pk)
    participants = Paginator(selectors.health_check_participants(batch), 100).get_page(request.GET.get("page"))
    return render(request, "care/health_detail.html", {
        "title": str(batch), "object": batch, "participants": participants, "form": form, "can_edit": can_edit,
        "history": object_history(batch)})


@login_required
@require_POST
def health_remove(request, pk):
    require_perm(request.user, Perm.CARE_VIEW)
    batch = selectors.health_check_get(request.user, pk)
    ids = [int(i) for i in request.POST.getlist("person") if i.isdigit()]
    if not ids:
        messages.warning(request, "请先勾选要移除的人员。")
    else:
        removed = call(services.health_check_remove_participants, actor=request.user, check=batch, person_ids=ids)
        messages.success(request, f"已移除{removed}人。")
    return redirect("care:health_detail", pk=batch.pk)
