"""Roles and what each may do. A role is granted on an organisation and covers its subtree."""
from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    CHAIR = "chair", "工会主席/副主席"
    OFFICER = "officer", "工会干部（经办）"
    AUDITOR = "auditor", "经审委员"
    WOMEN = "women", "女职工委员会"
    GROUP_LEADER = "group_leader", "工会小组长"
    UPPER = "upper", "上级工会工作人员"
    MEMBER = "member", "会员"
    PROPOSALS = "proposals", "提案委员会委员"
    DEPARTMENT = "department", "提案承办部门联系人"


class Perm:
    ORG_VIEW = "org.view"
    ORG_MANAGE = "org.manage"
    PERSON_VIEW = "person.view"
    PERSON_EDIT = "person.edit"
    PERSON_REVEAL = "person.reveal"  # see ID numbers and phones unmasked (recorded in the audit trail)
    PERSON_IMPORT = "person.import"
    PERSON_EXPORT = "person.export"
    MEMBERSHIP_MANAGE = "membership.manage"
    USER_MANAGE = "user.manage"
    AUDIT_VIEW = "audit.view"
    FINANCE_VIEW = "finance.view"
    # Figures, documents and reports upward (统计与报告)
    REPORT_VIEW = "report.view"  # the dashboard and the figures of a subtree (each area may ask for more to see records)
    REPORT_DRAFT = "report.draft"  # draft, edit, check and export 工作总结 / 上报材料 / 工作计划, and submit them upward
    REPORT_RECEIVE = "report.receive"  # receive the reports of the unions below: see, return, accept, set due dates
    REPORT_TEMPLATES = "report.templates"  # edit the section wording (templates) used to draft documents
    # Care and assistance (帮扶关怀)
    CARE_VIEW = "care.view"  # care records (assistance, condolences, campaigns, health checks) and who is in care
    CARE_EDIT = "care.edit"  # record and change care records, open and manage hardship files
    CARE_APPROVE = "care.approve"  # approve campaigns; decide assistance steps that name no role; set fund rules
    CARE_SENSITIVE = "care.sensitive"  # hardship file details: causes, income, household (reading is audited)
    CARE_FLAGGED = "care.flagged"  # the list of payments above the fund rules' caps (for 经审)
    CARE_STATS = "care.stats"  # care figures (metrics) of a subtree, without the records
    # Notices (通知公告)
    NOTICE_PUBLISH = "notice.publish"  # draft, publish and withdraw notices to the subtree; see who has read them
    # Democratic management (民主管理)
    DEMOCRACY_VIEW = "democracy.view"  # congress, delegates, proposals, open affairs, surveys, contracts, opinions
    DEMOCRACY_EDIT = "democracy.edit"  # record and change them (sessions, attendance, votes, publications …)
    DEMOCRACY_STATS = "democracy.stats"  # democracy figures (metrics) of a subtree, without the records
    PROPOSAL_REVIEW = "proposal.review"  # the proposals committee: register, merge, refuse, assign, report
    PROPOSAL_ANSWER = "proposal.answer"  # a department's contact: answer the proposals assigned to their department
    # Funds (经费管理): employer register and 建会, dues, union funds, ledger, budget (FINANCE_VIEW reads them too)
    FUNDS_VIEW = "funds.view"  # the employer register, founding work, wages, dues due and collected in scope
    FUNDS_EDIT = "funds.edit"  # record and change them (register, visits, founding, dues settings, collection)
    FUNDS_STATS = "funds.stats"  # funds figures (建会率, 会费收缴率 …) of a subtree, without the records
    # 建功立业 (achievements): suggestions, honours, competitions, mentoring, innovation
    ACHIEVE_VIEW = "achieve.view"  # the records in scope (suggestions, honours …)
    ACHIEVE_EDIT = "achieve.edit"  # record and change them (criteria, panel, grading, adoption, benefit, honours)
    ACHIEVE_STATS = "achieve.stats"  # the figures (采纳率, 人均建议 …) of a subtree, without the records
    # The workers' home (职工之家): reading room and loans, rooms and bookings, equipment, assets, 建家
    HOME_VIEW = "home.view"  # the home's records in scope (catalogue, loans, bookings, equipment loans)
    HOME_EDIT = "home.edit"  # lend, take back, catalogue, rooms and bookings for others, equipment
    HOME_STATS = "home.stats"  # the home's figures (藏书, 借阅人次, 借书率 …) of a subtree, without the records
    # Rights (维权): mediation, petitions and risk screening, legal services, hazards, women's special protection
    RIGHTS_VIEW = "rights.view"  # the rights records in scope (a dispute's details and the 三期 register: SENSITIVE)
    RIGHTS_EDIT = "rights.edit"  # record and change them (forward hazards, accept and close cases …)
    RIGHTS_STATS = "rights.stats"  # rights figures (调解成功率, 隐患整改率 …) of a subtree, without the records
    RIGHTS_SENSITIVE = "rights.sensitive"  # a dispute's details, the 三期 register (PIPL; every reveal is audited)
    HAZARD_FIX = "rights.hazard_fix"  # a department's contact: record the fix of hazards forwarded to the department
    WOMEN_REGISTER = "rights.women_register"  # the 三期 register of women members (PIPL; reading is audited)
    WOMEN_WORK = "rights.women_work"  # 女职工工作: the desk, special-contract checks, 安康互助 enrolments, 维权行动月


_READ = {Perm.ORG_VIEW, Perm.PERSON_VIEW, Perm.REPORT_VIEW}
_REPORTS = {Perm.REPORT_VIEW, Perm.REPORT_DRAFT}
_WORK = _READ | {Perm.ORG_MANAGE, Perm.PERSON_EDIT, Perm.PERSON_REVEAL, Perm.PERSON_IMPORT, Perm.PERSON_EXPORT,
                 Perm.MEMBERSHIP_MANAGE}

_NOTICES = {Perm.NOTICE_PUBLISH}
_DEMOCRACY_ALL = {Perm.DEMOCRACY_VIEW, Perm.DEMOCRACY_EDIT, Perm.DEMOCRACY_STATS, Perm.PROPOSAL_REVIEW}
_FUNDS_ALL = {Perm.FUNDS_VIEW, Perm.FUNDS_EDIT, Perm.FUNDS_STATS}
_CARE_ALL = {Perm.CARE_VIEW, Perm.CARE_EDIT, Perm.CARE_APPROVE, Perm.CARE_SENSITIVE, Perm.CARE_FLAGGED, Perm.CARE_STATS}

ROLE_PERMS: dict[str, frozenset[str]] = {
    # The administrator sees the departments' inbox too (empty unless they are a department's contact: an answer is
    # taken only from a contact of the department the proposal was assigned to).
    Role.ADMIN: frozenset(_WORK | _CARE_ALL | _DEMOCRACY_ALL | _REPORTS | _NOTICES | {Perm.USER_MANAGE, Perm.AUDIT_VIEW, Perm.FINANCE_VIEW,
                                                          Perm.REPORT_RECEIVE, Perm.REPORT_TEMPLATES,
                                                          Perm.PROPOSAL_ANSWER}),
    Role.CHAIR: frozenset(_WORK | _CARE_ALL | _DEMOCRACY_ALL | _REPORTS | _NOTICES | {Perm.AUDIT_VIEW, Perm.FINANCE_VIEW, Perm.REPORT_RECEIVE,
                                                          Perm.USER_MANAGE}),
    Role.OFFICER: frozenset(_WORK | _CARE_ALL | _DEMOCRACY_ALL | _REPORTS | _NOTICES),
    Role.AUDITOR: frozenset(_READ | {Perm.FINANCE_VIEW, Perm.AUDIT_VIEW, Perm.CARE_VIEW, Perm.CARE_FLAGGED, Perm.CARE_STATS,
                                    Perm.DEMOCRACY_VIEW, Perm.DEMOCRACY_STATS}),
    Role.WOMEN: frozenset(_READ | {Perm.PERSON_EXPORT, Perm.CARE_VIEW, Perm.CARE_STATS, Perm.DEMOCRACY_VIEW,
                                   Perm.DEMOCRACY_STATS}),
    Role.GROUP_LEADER: frozenset(_READ),
    Role.UPPER: frozenset(_READ | {Perm.REPORT_DRAFT, Perm.REPORT_RECEIVE, Perm.PERSON_EXPORT, Perm.CARE_STATS,
                                  Perm.DEMOCRACY_STATS}),
    Role.MEMBER: frozenset(),
    # 提案委员会: reads democracy records and handles proposals; 承办部门: answers its department's proposals only.
    Role.PROPOSALS: frozenset({Perm.DEMOCRACY_VIEW, Perm.PROPOSAL_REVIEW}),
    Role.DEPARTMENT: frozenset({Perm.PROPOSAL_ANSWER}),
}

# Funds (经费管理): officers, chairs and admins keep the records; 经审 reads them; the upper union's staff see figures.
for _role, _perms in ((Role.ADMIN, _FUNDS_ALL), (Role.CHAIR, _FUNDS_ALL), (Role.OFFICER, _FUNDS_ALL),
                      (Role.AUDITOR, {Perm.FUNDS_VIEW, Perm.FUNDS_STATS}), (Role.UPPER, {Perm.FUNDS_STATS})):
    ROLE_PERMS[_role] = ROLE_PERMS[_role] | frozenset(_perms)

# 经审 (funds audit): the audit committee runs the checks on the books, raises findings and issues the audit report.
Perm.FUNDS_AUDIT = "funds.audit"
ROLE_PERMS[Role.AUDITOR] = ROLE_PERMS[Role.AUDITOR] | frozenset({Perm.FUNDS_AUDIT})
# 建功立业 (achievements): officers, chairs and admins keep the records; 女工委 and 经审 read them; upper unions see figures.
_ACHIEVE_ALL = {Perm.ACHIEVE_VIEW, Perm.ACHIEVE_EDIT, Perm.ACHIEVE_STATS}
for _role, _perms in ((Role.ADMIN, _ACHIEVE_ALL), (Role.CHAIR, _ACHIEVE_ALL), (Role.OFFICER, _ACHIEVE_ALL),
                      (Role.AUDITOR, {Perm.ACHIEVE_VIEW, Perm.ACHIEVE_STATS}),
                      (Role.WOMEN, {Perm.ACHIEVE_VIEW, Perm.ACHIEVE_STATS}), (Role.UPPER, {Perm.ACHIEVE_STATS})):
    ROLE_PERMS[_role] = ROLE_PERMS[_role] | frozenset(_perms)

# The workers' home (职工之家): officers, chairs and admins keep it; the women's committee and 经审 read it; the upper
# union's staff see the figures.
_HOME_ALL = {Perm.HOME_VIEW, Perm.HOME_EDIT, Perm.HOME_STATS}
for _role, _perms in ((Role.ADMIN, _HOME_ALL), (Role.CHAIR, _HOME_ALL), (Role.OFFICER, _HOME_ALL),
                      (Role.AUDITOR, {Perm.HOME_VIEW, Perm.HOME_STATS}), (Role.WOMEN, {Perm.HOME_VIEW, Perm.HOME_STATS}),
                      (Role.UPPER, {Perm.HOME_STATS})):
    ROLE_PERMS[_role] = ROLE_PERMS[_role] | frozenset(_perms)

# Activities (文体活动、培训、会议、宣传): officers, chairs and admins run them; the chair (and admin) approve plans and
# cost overruns; 女职工委员会 reads them (三八 events); the upper union's staff see figures.
Perm.ACTIVITIES_VIEW = "activities.view"  # events, sign-ups, trainings, meetings, publicity in scope
Perm.ACTIVITIES_EDIT = "activities.edit"  # plan, open, check in, record results, trainings, minutes, newsletters
Perm.ACTIVITIES_APPROVE = "activities.approve"  # approve an event's plan and budget, and a cost above the budget
Perm.ACTIVITIES_STATS = "activities.stats"  # activities figures of a subtree, without the records
_ACTIVITIES_WORK = {Perm.ACTIVITIES_VIEW, Perm.ACTIVITIES_EDIT, Perm.ACTIVITIES_STATS}
for _role, _perms in ((Role.ADMIN, _ACTIVITIES_WORK | {Perm.ACTIVITIES_APPROVE}),
                      (Role.CHAIR, _ACTIVITIES_WORK | {Perm.ACTIVITIES_APPROVE}), (Role.OFFICER, _ACTIVITIES_WORK),
                      (Role.WOMEN, {Perm.ACTIVITIES_VIEW, Perm.ACTIVITIES_STATS}),
                      (Role.AUDITOR, {Perm.ACTIVITIES_VIEW, Perm.ACTIVITIES_STATS}),
                      (Role.UPPER, {Perm.ACTIVITIES_STATS})):
    ROLE_PERMS[_role] = ROLE_PERMS[_role] | frozenset(_perms)
# Rights (维权): officers, chairs and admins handle cases (and see their details); the 女职工委员会 reads and counts;
# 经审 and the upper union's staff see figures; a department's contact records fixes of hazards forwarded to it.
_RIGHTS_ALL = {Perm.RIGHTS_VIEW, Perm.RIGHTS_EDIT, Perm.RIGHTS_STATS, Perm.RIGHTS_SENSITIVE}
for _role, _perms in ((Role.ADMIN, _RIGHTS_ALL | {Perm.HAZARD_FIX}), (Role.CHAIR, _RIGHTS_ALL),
                      (Role.OFFICER, _RIGHTS_ALL), (Role.WOMEN, {Perm.RIGHTS_VIEW, Perm.RIGHTS_STATS}),
                      (Role.AUDITOR, {Perm.RIGHTS_STATS}), (Role.UPPER, {Perm.RIGHTS_STATS}),
                      (Role.DEPARTMENT, {Perm.HAZARD_FIX})):
    ROLE_PERMS[_role] = ROLE_PERMS[_role] | frozenset(_perms)
# The 三期 register is kept by the 女职工委员会 (and read by the chair and the administrator) only.
for _role in (Role.ADMIN, Role.CHAIR, Role.WOMEN):
    ROLE_PERMS[_role] = ROLE_PERMS[_role] | frozenset({Perm.WOMEN_REGISTER})
# 女职工工作 (the desk, special-contract checks, 安康互助保障 enrolments, 维权行动月 activities): the 女职工委员会, the
# chair and the administrator.
for _role in (Role.ADMIN, Role.CHAIR, Role.WOMEN):
    ROLE_PERMS[_role] = ROLE_PERMS[_role] | frozenset({Perm.WOMEN_WORK})
