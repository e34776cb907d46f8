"""Proposals (职工代表提案): raised by delegates of a term, reviewed by the proposals committee, answered by the
employer's departments (承办部门), rated by the proposer.

- A department (承办部门) belongs to a union and lists its contacts (users with the role 承办部门联系人): a contact answers
  only the proposals assigned to their department.
- A proposal belongs to a term (届), optionally to the session it is raised for; it is numbered per term
  (第2-015号). The proposer and the co-proposers (附议, `ProposalCosigner` rows) are serving delegates of that term,
  each once.
- States: 已提交 → 立案 / 并案 (merged into another) / 作为意见建议处理 / 不予立案 → 已交办 (department, due date) →
  已答复 → 已评价 (满意 / 基本满意 / 不满意; a 不满意 answer can be sent back once for a second answer) → 办结.
  Every step is a `ProposalStep` row; every answer is a `ProposalAnswer` row (round 1, round 2 after sending back).
"""
from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

from .congress import CongressSession, Delegate, Term

__all__ = ["Department", "Proposal", "ProposalCategory", "ProposalState", "Satisfaction", "ProposalCosigner",
           "ProposalAnswer", "ProposalStep", "REGISTERED_STATES"]


class Department(AuditedModel):
    """承办部门: a department of the employer that answers proposals (办公室, 人力资源部, 安全环保部 …). Changes of
    its contacts are audited (`audit_m2m`: who may answer for a department is a right, and rights leave a trace)."""

    audit_m2m = ("contacts",)

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("部门名称", max_length=60)
    contacts = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="联系人", blank=True,
                                      related_name="proposal_departments",
                                      help_text="承办部门联系人：只能答复交办给本部门的提案")
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "承办部门"
        ordering = ["org", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="democracy_department_name_unique")]

    def __str__(self) -> str:
        return self.name


class ProposalCategory(models.TextChoices):
    PRODUCTION = "production", "生产经营"
    SAFETY = "safety", "劳动保护"
    WELFARE = "welfare", "生活福利"
    WAGES = "wages", "工资分配"
    TRAINING = "training", "教育培训"
    DEMOCRACY = "democracy", "民主管理"
    OTHER = "other", "其他"


class ProposalState(models.TextChoices):
    SUBMITTED = "submitted", "已提交"
    REGISTERED = "registered", "立案"
    MERGED = "merged", "并案"
    OPINION = "opinion", "作为意见建议处理"
    REJECTED = "rejected", "不予立案"
    ASSIGNED = "assigned", "已交办"
    ANSWERED = "answered", "已答复"
    RATED = "rated", "已评价"
    CLOSED = "closed", "办结"


#: A registered proposal (立案) stays registered through assignment, answer, rating and closing.
REGISTERED_STATES = (ProposalState.REGISTERED, ProposalState.ASSIGNED, ProposalState.ANSWERED, ProposalState.RATED,
                     ProposalState.CLOSED)


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    FAIRLY = "fairly", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class Proposal(AuditedModel):
    State = ProposalState
    Category = ProposalCategory

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey(Term, verbose_name="届", on_delete=models.PROTECT, related_name="proposals")
    session = models.ForeignKey(CongressSession, verbose_name="提交会议", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="proposals", help_text="为哪一次会议提出（可空：闭会期间）")
    number = models.PositiveIntegerField("编号", help_text="本届内的顺序号")
    title = models.CharField("案由", max_length=100)
    category = models.CharField("类别", max_length=16, choices=ProposalCategory.choices)
    reasons = models.TextField("理由")
    measures = models.TextField("建议措施")
    proposer = models.ForeignKey(Delegate, verbose_name="提案人", on_delete=models.PROTECT, related_name="proposals")
    cosigner_count = models.PositiveSmallIntegerField("附议人数", default=0)
    submitted_on = models.DateField("提交日期")
    state = models.CharField("状态", max_length=16, choices=ProposalState.choices, default=ProposalState.SUBMITTED)
    merged_into = models.ForeignKey("self", verbose_name="并入提案", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged")
    review_note = models.CharField("审查意见", max_length=500, blank=True)
    reviewed_on = models.DateField("审查日期", null=True, blank=True)
    department = models.ForeignKey(Department, verbose_name="承办部门", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="proposals")
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    rating = models.CharField("满意度", max_length=16, choices=Satisfaction.choices, blank=True)
    rated_on = models.DateField("评价日期", null=True, blank=True)
    sent_back = models.BooleanField("已退回重办", default=False)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="代为录入人", on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   help_text="书面提案由工作人员代提案人录入时，记录录入人")

    class Meta:
        verbose_name = verbose_name_plural = "提案"
        ordering = ["-term__number", "-number"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="democracy_proposal_number_unique")]
        indexes = [
            models.Index(fields=["org", "state", "due_on"], name="democracy_proposal_state"),
            models.Index(fields=["org", "submitted_on"], name="democracy_proposal_submitted"),
            models.Index(fields=["term", "-number"], name="democracy_proposal_term_number"),
            # the list's category and department filters: their COUNT is read from the index alone and their
            # first page walks it in date order (the (org, submitted_on) walk read every row of the union)
            models.Index(fields=["org", "category", "submitted_on"], name="democracy_proposal_category"),
            models.Index(fields=["org", "department", "submitted_on"], name="democracy_proposal_department"),
            models.Index(fields=["session", "number"], name="democracy_proposal_session"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        """第2-015号: the term's number, then the proposal's within the term."""
        return proposal_code(self.term.number, self.number)

    def get_absolute_url(self) -> str:
        return reverse("democracy:proposals_detail", args=[self.pk])

    @property
    def is_registered(self) -> bool:
        return self.state in REGISTERED_STATES

    @property
    def review_label(self) -> str:
        """The committee's decision (立案 / 并案 / 作为意见建议处理 / 不予立案), whatever happened after it."""
        return ProposalState.REGISTERED.label if self.is_registered else self.get_state_display()

    def is_overdue(self, on: datetime.date) -> bool:
        return self.state == ProposalState.ASSIGNED and self.due_on is not None and self.due_on < on


def proposal_code(term_number: int, number: int) -> str:
    return f"第{term_number}-{number:03d}号"


class ProposalCosigner(AuditedModel):
    """附议: a delegate of the same term who co-signs the proposal (never the proposer, never twice)."""

    proposal = models.ForeignKey(Proposal, verbose_name="提案", on_delete=models.CASCADE, related_name="cosigners")
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    delegate = models.ForeignKey(Delegate, verbose_name="附议人", on_delete=models.PROTECT, related_name="cosigned")
    signed_at = models.DateTimeField("附议时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "附议"
        ordering = ["proposal", "signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "delegate"], name="democracy_cosigner_once")]

    def __str__(self) -> str:
        return f"{self.delegate.person.name}附议"


class ProposalAnswer(AuditedModel):
    """A department's answer (答复) and the proposer's rating of it: round 1, and round 2 after sending back."""

    proposal = models.ForeignKey(Proposal, verbose_name="提案", on_delete=models.CASCADE, related_name="answers")
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField("轮次", default=1)
    department = models.ForeignKey(Department, verbose_name="承办部门", on_delete=models.PROTECT, related_name="+")
    text = models.TextField("答复内容")
    answered_on = models.DateField("答复日期")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复人", on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    rating = models.CharField("满意度", max_length=16, choices=Satisfaction.choices, blank=True)
    rating_note = models.CharField("评价意见", max_length=500, blank=True)
    rated_on = models.DateField("评价日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "提案答复"
        ordering = ["proposal", "round"]
        constraints = [models.UniqueConstraint(fields=["proposal", "round"], name="democracy_answer_round_once")]

    def __str__(self) -> str:
        return f"第{self.round}次答复"


class ProposalStep(AuditedModel):
    """One step of a proposal's handling, as it happened (the 办理记录 shown on its page)."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "提交提案"
        COSIGN = "cosign", "附议"
        EDIT = "edit", "修改"
        REGISTER = "register", "立案"
        MERGE = "merge", "并案"
        OPINION = "opinion", "转作意见建议处理"
        REJECT = "reject", "不予立案"
        ASSIGN = "assign", "交办"
        ANSWER = "answer", "答复"
        RATE = "rate", "评价"
        SEND_BACK = "send_back", "退回重办"
        CLOSE = "close", "办结"
        IMPORT = "import", "导入"

    proposal = models.ForeignKey(Proposal, verbose_name="提案", on_delete=models.CASCADE, related_name="steps")
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    action = models.CharField("环节", max_length=16, choices=Action.choices)
    state = models.CharField("办理后状态", max_length=16, choices=ProposalState.choices)
    note = models.CharField("说明", max_length=500, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    on = models.DateField("日期")
    at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "提案办理记录"
        ordering = ["proposal", "at", "id"]

    def __str__(self) -> str:
        return self.get_action_display()
