"""Committee pages: terms (届), elections (换届选举/增补) and positions (任职/离任).

All need Perm.ORG_MANAGE on the organisation (another union's id answers 404). People chosen for a position
come from the organisation's subtree, searched with the members' search box; the form field's queryset and the
service both refuse anyone else. Writes go through gonghui.orgs.services.
"""
from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from gonghui.accounts.scope import Perm, org_q
from gonghui.core.errors import ServiceError
from gonghui.core.views import ActionFormView
from gonghui.members.filtersets import search_q
from gonghui.members.selectors import person_list

from . import selectors, services
from .forms_committee import (
    ElectedForm,
    ElectedFormSet,
    ElectionForm,
    PositionEndForm,
    PositionForm,
    TermForm,
    eligible_people,
    next_term_number,
)
from .models import Position

SEARCH_LIMIT = 15
DEFAULT_ELECTED_ROWS = 6
MAX_ELECTED_ROWS = 200
ELECTED_PREFIX = "elected"


def org_tab_url(org, tab: str) -> str:
    return reverse("orgs:detail", kwargs={"pk": org.pk}) + f"?tab={tab}"


def committee_people(user, org):
    """People who may be chosen for a position in `org`: its subtree, within the user's scope, alive and here."""
    return eligible_people(person_list(user, within=org))


class CommitteeFormView(ActionFormView):
    perm = Perm.ORG_MANAGE
    template_name = "orgs/committee_form.html"
    tab = "committee"

    def get_org(self, request, kwargs):
        return selectors.org_get(request.user, kwargs["pk"], perm=Perm.ORG_MANAGE)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.org = self.get_org(request, kwargs)
            self.title = f"{self.action_label}：{self.org.name}"
        return super().dispatch(request, *args, **kwargs)

    def people(self):
        return committee_people(self.request.user, self.org)

    def search_url(self) -> str:
        return reverse("orgs:committee_person_search", kwargs={"pk": self.org.pk})

    def check_active(self) -> None:
        if not self.org.is_active:
            raise ServiceError("该组织已撤销，不能办理。")

    def blocked_reason(self) -> str:
        return "" if self.org.is_active else "该组织已撤销，不能办理。"

    def back_url(self) -> str:
        return org_tab_url(self.org, self.tab)

    def success_message(self, result) -> str:
        return "已保存。"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["org"] = self.org
        return ctx


class TermAddView(CommitteeFormView):
    action_label = "新建届次"
    icon = "calendar-range"
    tab = "terms"
    intro = "届次是工会委员会的任期。换届选举时也可在登记选举的同时新建一届。"

    def get_form(self):
        return TermForm(**self.get_form_kwargs(), initial={"number": next_term_number(self.org)})

    def perform(self, form):
        self.check_active()
        return services.term_create(org=self.org, **form.cleaned_data)

    def success_message(self, term):
        return f"已新建第{term.number}届。"


class ElectionAddView(CommitteeFormView):
    action_label = "登记选举"
    icon = "check2-square"
    template_name = "orgs/committee_election_form.html"
    intro = ("换届选举：上一届选举产生的职务（主席、副主席、委员、女职工委员会、经审委员会）于选举日结束，"
             "小组长、积极分子等其他职务不受影响；当选人员自选举日起任职。增补选举：只增加当选人员，现任职务不变。"
             "任命工会主席、女职工委员会主任、经审委员会主任时，原任自动离任。")

    def get_form(self):
        return ElectionForm(**self.get_form_kwargs(), org=self.org)

    def get_formset(self):
        kwargs = {"prefix": ELECTED_PREFIX,
                  "form_kwargs": {"people": self.people(), "search_url": self.search_url()}}
        if self.request.method == "POST":
            return ElectedFormSet(data=self.request.POST, **kwargs)
        try:
            rows = max(1, min(int(self.request.GET.get("rows", DEFAULT_ELECTED_ROWS)), MAX_ELECTED_ROWS))
        except ValueError:
            rows = DEFAULT_ELECTED_ROWS
        return ElectedFormSet(initial=[{}] * rows, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form(), formset=self.get_formset()))

    def post(self, request, *args, **kwargs):
        form, formset = self.get_form(), self.get_formset()
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok:
            try:
                result = self.perform(form, formset)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                return self.success(result)
        return self.render_to_response(self.get_context_data(form=form, formset=formset),
                                       status=422 if request.htmx else 200)

    def perform(self, form, formset):
        self.check_active()
        data = form.cleaned_data
        # A new term and its election are one act: if the election is refused, no term is left behind.
        with transaction.atomic():
            term = form.chosen_term()
            if term is None:
                term = services.term_create(org=self.org, number=form.next_number, starts_on=data["held_on"])
            return services.election_record(
                org=self.org, term=term, kind=data["kind"], held_on=data["held_on"], result=data["result"],
                elected=formset.elected(), electorate=data["electorate"], attendance=data["attendance"],
                approved_by_upper_on=data["approved_by_upper_on"],
            )

    def success_message(self, election):
        count = election.positions.count()
        return f"已登记{election.term}{election.get_kind_display()}（{election.held_on:%Y-%m-%d}），当选任职{count}人次。"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        formset = ctx.get("formset")
        if formset is not None:
            ctx["next_row_url"] = reverse("orgs:election_row", kwargs={"pk": self.org.pk})
            ctx["next_index"] = len(formset.forms)
        return ctx


@login_required
def election_row(request, pk):
    """HTMX: one more blank row of elected people, with the formset's TOTAL_FORMS updated out of band."""
    org = selectors.org_get(request.user, pk, perm=Perm.ORG_MANAGE)
    try:
        index = int(request.GET.get("index", ""))
    except ValueError:
        index = -1
    if not 0 <= index < MAX_ELECTED_ROWS:
        return render(request, "orgs/committee_elected_row.html", {"form": None}, status=400)
    form = ElectedForm(prefix=f"{ELECTED_PREFIX}-{index}", people=committee_people(request.user, org),
                       search_url=reverse("orgs:committee_person_search", kwargs={"pk": org.pk}))
    return render(request, "orgs/committee_elected_row.html", {
        "form": form, "index": index, "oob": True, "prefix": ELECTED_PREFIX, "total": index + 1,
        "next_row_url": reverse("orgs:election_row", kwargs={"pk": org.pk}),
    })


class PositionAddView(CommitteeFormView):
    action_label = "任命职务"
    icon = "person-badge"
    intro = "工会主席、女职工委员会主任、经审委员会主任、工会小组长只设一人：任命新人时，原任自动离任。"

    def get_form(self):
        return PositionForm(**self.get_form_kwargs(), org=self.org, people=self.people(), search_url=self.search_url())

    def perform(self, form):
        self.check_active()
        return services.position_assign(org=self.org, **form.cleaned_data)

    def success_message(self, position):
        return f"已任命{position.person.name}为{position.get_title_display()}。"


class PositionEndView(CommitteeFormView):
    action_label = "离任"
    icon = "person-dash"
    danger = True
    intro = "离任后职务记录保留在“历任”中。"

    def get_org(self, request, kwargs):
        positions = Position.objects.filter(org_q(request.user, Perm.ORG_MANAGE)).select_related("org", "person", "term")
        self.position = get_object_or_404(positions, pk=kwargs["pk"])
        return self.position.org

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = f"离任：{self.position.person.name} · {self.position.get_title_display()}"
        return ctx

    def blocked_reason(self):
        if self.position.ends_on is not None:
            return f"该职务已于{self.position.ends_on:%Y-%m-%d}结束。"
        return ""

    def summary(self):
        pos = self.position
        rows = [("姓名", pos.person.name), ("职务", pos.get_title_display() + ("（专职）" if pos.is_fulltime else "")),
                ("组织", pos.org.name), ("任职日期", f"{pos.starts_on:%Y-%m-%d}")]
        if pos.term:
            rows.append(("届次", str(pos.term)))
        return rows

    def get_form(self):
        return PositionEndForm(**self.get_form_kwargs())

    def perform(self, form):
        return services.position_end(position=self.position, **form.cleaned_data)

    def success_message(self, position):
        return f"{position.person.name}已于{position.ends_on:%Y-%m-%d}离任{position.get_title_display()}。"


@login_required
def committee_person_search(request, pk):
    """HTMX: people of the organisation's subtree matching a name, pinyin, initials or member number."""
    org = selectors.org_get(request.user, pk, perm=Perm.ORG_MANAGE)
    field = request.GET.get("field", "person")
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,60}", field):
        field = "person"
    text = request.GET.get("q", "").strip()
    people, more = [], False
    if text:
        people = list(committee_people(request.user, org).filter(search_q(text)).select_related("org")
                      .order_by("name_pinyin", "id")[: SEARCH_LIMIT + 1])
        more = len(people) > SEARCH_LIMIT
        people = people[:SEARCH_LIMIT]
    return render(request, "orgs/committee_person_results.html",
                  {"people": people, "more": more, "field": field, "q": text, "org": org})

