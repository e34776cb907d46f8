import functools

from .roles import Perm
from .scope import has_perm, is_member_only

NAV = [
    # (section label, [(label, url name, icon, permission)])
    ("工作台", [("首页", "core:home", "house", None),
             ("通知公告", "portal:notice_list", "megaphone", Perm.NOTICE_PUBLISH),
             ("收到的通知", "portal:my_notices", "envelope-paper", None)]),
    ("组织与会员", [
        ("工会组织", "orgs:list", "diagram-3", Perm.ORG_VIEW),
        ("人员与会员", "members:person_list", "people", Perm.PERSON_VIEW),
        ("转会办理", "members:transfer_list", "arrow-left-right", Perm.PERSON_VIEW),
        ("入会申请审核", "portal:join_review_list", "person-plus", Perm.MEMBERSHIP_MANAGE),
        ("会员密码重置", "portal:password_resets", "key", Perm.MEMBERSHIP_MANAGE),
        ("花名册导入", "members:import_start", "upload", Perm.PERSON_IMPORT),
    ]),
    ("帮扶关怀", [
        ("工作日历", "care:calendar", "calendar3", Perm.CARE_VIEW),
        ("困难职工档案", "care:hardship_list", "folder2-open", Perm.CARE_SENSITIVE),
        ("救助补助", "care:assistance_list", "cash-coin", Perm.CARE_VIEW),
        # Approvers of a step may hold no care permission at all (a 小组长): the inbox is for everyone signed in.
        ("待我审批", "care:assistance_awaiting", "inbox", None),
        ("慰问看望", "care:condolence_list", "heart", Perm.CARE_VIEW),
        ("未走访提醒", "care:not_visited", "bell", Perm.CARE_VIEW),
        ("生日慰问", "care:birthdays", "gift", Perm.CARE_VIEW),
        ("健康体检", "care:health_list", "clipboard2-pulse", Perm.CARE_VIEW),
        ("超标准审查", "care:flagged_list", "exclamation-diamond", Perm.CARE_FLAGGED),
        ("集中慰问", "care:campaign_list", "box2-heart", Perm.CARE_VIEW),
        ("经费标准", "care:ruleset_list", "sliders", Perm.CARE_VIEW),
    ]),
    ("民主管理", [
        ("职代会", "democracy:congress_sessions", "bank", Perm.DEMOCRACY_VIEW),
        ("职代会代表", "democracy:congress_terms", "person-badge", Perm.DEMOCRACY_VIEW),
        ("提案管理", "democracy:proposals_list", "lightbulb", Perm.DEMOCRACY_VIEW),
        ("本部门承办提案", "democracy:proposals_department", "reply", Perm.PROPOSAL_ANSWER),
        ("厂务公开", "democracy:openaffairs_list", "clipboard-data", Perm.DEMOCRACY_VIEW),
        ("职工意见建议", "democracy:opinions_list", "mailbox", Perm.DEMOCRACY_VIEW),
        ("民主评议与问卷", "democracy:surveys_list", "ui-checks", Perm.DEMOCRACY_VIEW),
        ("集体合同", "democracy:contracts_list", "file-earmark-text", Perm.DEMOCRACY_VIEW),
        ("集体合同签订率", "democracy:contracts_coverage", "pie-chart", Perm.DEMOCRACY_STATS),
    ]),
    ("经费管理", [
        ("用人单位与建会", "funds:employer_list", "building", Perm.FUNDS_VIEW),
        ("会费收缴", "funds:dues", "cash-stack", Perm.FUNDS_VIEW),
        ("欠缴会费", "funds:dues_arrears", "exclamation-circle", Perm.FUNDS_VIEW),
        ("收支账", "funds:ledger", "journal-text", Perm.FUNDS_VIEW),
        ("待入账", "funds:ledger_inbox", "inbox", Perm.FUNDS_EDIT),
        ("收支表", "funds:ledger_balances", "table", Perm.FUNDS_VIEW),
        ("工会经费", "funds:allocation", "bank", Perm.FUNDS_VIEW),
        ("经费拨缴情况", "funds:allocation_subtree", "diagram-3", Perm.FUNDS_VIEW),
    ]),
    ("建功立业", [
        ("合理化建议", "achievements:suggestion_list", "lightbulb", Perm.ACHIEVE_VIEW),
        ("评先评优", "achievements:honour_list", "award", Perm.ACHIEVE_VIEW),
        ("劳动竞赛", "achievements:competition_list", "trophy", Perm.ACHIEVE_VIEW),
        ("师带徒", "achievements:pair_list", "people", Perm.ACHIEVE_VIEW),
        ("技术创新", "achievements:innovation_project_list", "gear-wide-connected", Perm.ACHIEVE_VIEW),
    ]),
    ("职工之家", [
        ("职工书屋", "workershome:book_list", "book", Perm.HOME_VIEW),
        ("借还书", "workershome:circulation", "arrow-left-right", Perm.HOME_EDIT),
        ("场地预约", "workershome:room_list", "calendar-week", Perm.HOME_VIEW),
        ("文体器材", "workershome:equipment_list", "dribbble", Perm.HOME_VIEW),
        ("资产台账", "workershome:asset_list", "box-seam", Perm.HOME_VIEW),
        ("建家", "workershome:accreditation_list", "award", Perm.HOME_VIEW),
    ]),
    ("文体宣传", [
        ("文体活动", "activities:event_list", "flag", Perm.ACTIVITIES_VIEW),
        ("教育培训", "activities:course_list", "mortarboard", Perm.ACTIVITIES_VIEW),
        ("会议记录", "activities:meeting_list", "people", Perm.ACTIVITIES_VIEW),
        ("简报与宣传栏", "activities:newsletter_list", "newspaper", Perm.ACTIVITIES_VIEW),
        ("投稿与录用", "activities:article_list", "send", Perm.ACTIVITIES_VIEW),
        ("日历订阅", "activities:calendar", "calendar-plus", Perm.ACTIVITIES_VIEW),
    ]),
    ("维权服务", [
        ("隐患信息", "rights:hazard_list", "cone-striped", Perm.RIGHTS_VIEW),
        ("劳动争议调解", "rights:case_list", "people", Perm.RIGHTS_VIEW),
        ("法律咨询", "rights:consultation_list", "chat-square-text", Perm.RIGHTS_VIEW),
        ("待整改隐患", "rights:department_hazards", "tools", Perm.HAZARD_FIX),
        ("“三期”女职工", "rights:maternity_list", "heart-pulse", Perm.WOMEN_REGISTER),
        ("女职工工作", "rights:women_desk", "gender-female", Perm.WOMEN_WORK),
        ("工伤职工", "rights:injury_list", "bandaid", Perm.RIGHTS_VIEW),
        ("安全生产活动", "rights:safety_list", "shield-check", Perm.RIGHTS_VIEW),
        ("信访登记", "rights:petition_list", "envelope-paper", Perm.RIGHTS_VIEW),
        ("矛盾排查", "rights:risk_list", "search", Perm.RIGHTS_VIEW),
        ("律师坐班", "rights:duty_list", "briefcase", Perm.RIGHTS_VIEW),
        ("普法宣传", "rights:lecture_list", "megaphone", Perm.RIGHTS_VIEW),
    ]),
    ("统计与报告", [
        ("统计分析", "reports:dashboard", "bar-chart", Perm.REPORT_VIEW),
        ("工作总结与报告", "reports:draft_list", "file-earmark-text", Perm.REPORT_DRAFT),
        ("上报", "reports:submission_list", "send", Perm.REPORT_DRAFT),
        ("下级上报情况", "reports:submission_inbox", "inboxes", Perm.REPORT_RECEIVE),
        ("文稿模板", "reports:template_list", "layout-text-window", Perm.REPORT_TEMPLATES),
    ]),
    ("系统", [
        ("用户与角色", "accounts:user_list", "person-gear", Perm.USER_MANAGE),
        ("审计日志", "core:audit_list", "journal-text", Perm.AUDIT_VIEW),
        ("API 文档", "api-docs", "code-slash", None),
        ("修改密码", "accounts:password_change", "key", None),
    ]),
]


def navigation(request):
    # django-tables2's {% render_table %} runs the context processors again: build the menu once per request.
    cached = getattr(request, "_gonghui_navigation", None)
    if cached is not None:
        return cached
    request._gonghui_navigation = result = _navigation(request)
    return result


def _navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if is_member_only(user):
        sections = [("我的", [("首页", "portal:member_home", "house", None),
                              ("服务", "portal:member_services", "grid", None),
                              ("我的", "portal:member_me", "person-vcard", None),
                              ("我的信息", "members:me", "person", None),
                              ("通知公告", "portal:my_notices", "newspaper", None),
                              ("我的救助申请", "care:my_list", "hand-thumbs-up", None),
                              ("我的会费", "funds:my_dues", "receipt", None),
                              ("我的建议", "achievements:my_suggestions", "lightbulb", None),
                              ("图书查询", "workershome:my_books", "book", None),
                              ("我的借阅", "workershome:my_loans", "journal-bookmark", None),
                              ("场地预约", "workershome:my_rooms", "calendar-week", None),
                              ("电子书屋", "workershome:my_ereading", "tablet", None),
                              ("报告隐患", "rights:my_hazard_report", "cone-striped", None),
                              ("我的调解与咨询", "rights:my_cases", "journal-text", None),
                              ("报告家庭事项", "care:my_event", "megaphone", None),
                              ("我的提案", "democracy:proposals_my_list", "lightbulb", None),
                              ("厂务公开", "democracy:openaffairs_mine", "clipboard-data", None),
                              ("意见箱", "democracy:opinions_box", "mailbox", None),
                              ("问卷测评", "democracy:surveys_my", "ui-checks", None),
                              ("集体合同", "democracy:contracts_mine", "file-earmark-text", None),
                              ("修改密码", "accounts:password_change", "key", None)])]
    else:
        sections = []
        for label, items in NAV:
            visible = [item for item in items if item[3] is None or has_perm(user, item[3])]
            if visible:
                sections.append((label, visible))
    return {
        # A member's pages outside the phone shell get its bottom tab bar too (templates/base.html).
        "member_shell": ("messages" if request.path.startswith("/portal/messages/") else "other")
        if is_member_only(user) else None,
        "nav_sections": _with_active(sections, request.path),
        "current_org": getattr(request, "current_org", None),
        "switchable_orgs": switchable_orgs(request),
    }


@functools.lru_cache(maxsize=512)
def _href(name: str, prefix: str, urlconf) -> str:
    """reverse(name), remembered: the menu's addresses depend only on the code (the URLconf and script prefix,
    which are the key), never on data, so a per-process memory cannot go stale behind other servers."""
    from django.urls import reverse

    return reverse(name, urlconf=urlconf)


def _with_active(sections, path: str):
    """(label, href, icon, active) per item; the item whose address is the longest prefix of the page is active,
    so /people/transfers/ lights 转会办理 and not 人员与会员 as well."""
    from django.urls import get_script_prefix, get_urlconf

    prefix, urlconf = get_script_prefix(), get_urlconf()
    resolved = [(label, [(text, _href(name, prefix, urlconf), icon) for text, name, icon, _ in items])
                for label, items in sections]
    hrefs = [href for _, items in resolved for _, href, _ in items]
    matches = [h for h in hrefs if path == h or (h != "/" and path.startswith(h))]
    active = max(matches, key=len) if matches else None
    return [(label, [(text, href, icon, href == active) for text, href, icon in items]) for label, items in resolved]


def switchable_orgs(request):
    """Organisations offered by the switcher: the user's scope down to grassroots level (at most 300)."""
    from gonghui.orgs.models import Organization

    from .scope import orgs_in_scope

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not has_perm(user, Perm.ORG_VIEW):
        return []  # a member sees no organisation: nothing to offer, no query built
    kinds = [Organization.Kind.FEDERATION, Organization.Kind.INDUSTRY, Organization.Kind.GRASSROOTS,
             Organization.Kind.JOINT, Organization.Kind.BRANCH]
    orgs = list(orgs_in_scope(user).filter(kind__in=kinds, status=Organization.Status.ACTIVE)
                .only("id", "name", "depth", "path").order_by("path")[:300])
    top = min((o.depth for o in orgs), default=0)
    for o in orgs:
        o.indent = "\u3000" * (o.depth - top)
    return orgs


# Funds: budgets, fund rules and 经审 (appended to the 经费管理 section)
for _label, _items in NAV:
    if _label == "经费管理":
        _items += [
            ("经费预算与决算", "funds:budget_list", "journal-text", Perm.FUNDS_VIEW),
            ("经费使用规定", "funds:rules", "rulers", Perm.FUNDS_VIEW),
            ("经费审查", "funds:audit", "shield-check", Perm.FUNDS_VIEW),
        ]
