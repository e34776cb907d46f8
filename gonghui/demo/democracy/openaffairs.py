"""The demo's open affairs: the company's 厂务公开 (about 30 items a year), the school's 校务公开 and a few of the
bureau's 局务公开 items over the window, each union's yearly list of required categories — with last year's second
half of 业务招待费 never published at the company (a point for 存在的问题) and this year's 招聘录用 still to do (the
officers' to-do) — an attachment now and then, and the demo member's read receipts for the older items (so that the
首页 card shows only the new ones). Everything goes through gonghui.democracy.services.openaffairs."""
from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.democracy.models import OpenAffairsItem
from gonghui.democracy.services import openaffairs as services

from ..builder import BUREAU, COMPANY, SCHOOL

# union → [(category, frequency)]
REQUIRED = {
    COMPANY: [("finance", "half"), ("welfare", "yearly"), ("honours", "yearly"), ("performance", "yearly"),
              ("recruitment", "yearly"), ("procurement", "half"), ("hospitality", "half"), ("safety", "quarterly")],
    SCHOOL: [("finance", "half"), ("titles", "yearly"), ("performance", "yearly"), ("honours", "yearly"),
             ("procurement", "yearly"), ("hospitality", "yearly")],
}
APPROVED = {COMPANY: "厂务公开领导小组（组长：公司党委书记）", SCHOOL: "校务公开领导小组（组长：校党支部书记）",
            BUREAU: "局务公开领导小组"}

# (month, day, category, channel, title — {y} is the year, {h} 上/下半年, {q} the quarter)
COMPANY_ITEMS = [
    (1, 15, "welfare", "board", "{py}年度职工福利费使用情况"),
    (1, 20, "honours", "board", "{py}年度先进集体和先进个人评选结果公示"),
    (1, 25, "safety", "intranet", "{py}年第四季度安全生产情况"),
    (2, 26, "performance", "congress", "{py}年度绩效考核及奖金分配方案"),
    (3, 12, "decisions", "congress", "{y}年生产经营计划及重大投资项目"),
    (3, 18, "hospitality", "congress", "{py}年下半年业务招待费使用情况"),
    (3, 20, "insurance", "intranet", "{y}年职工社会保险和住房公积金缴存基数"),
    (4, 10, "safety", "intranet", "{y}年第一季度安全生产情况"),
    (4, 22, "procurement", "board", "数控加工中心设备采购招标结果"),
    (5, 8, "recruitment", "intranet", "{y}年春季技术工人招聘录用结果"),
    (5, 28, "welfare", "board", "端午节慰问品发放标准及名单"),
    (6, 20, "appointments", "meeting", "中层管理人员竞聘上岗结果"),
    (7, 8, "finance", "congress", "{y}年上半年财务收支情况"),
    (7, 10, "safety", "intranet", "{y}年第二季度安全生产情况"),
    (7, 16, "hospitality", "board", "{y}年上半年业务招待费使用情况"),
    (7, 25, "welfare", "board", "夏送清凉慰问品发放情况"),
    (8, 14, "procurement", "board", "{y}年上半年物资集中采购情况"),
    (9, 5, "welfare", "board", "中秋节慰问品采购及发放情况"),
    (9, 18, "performance", "intranet", "{y}年上半年绩效工资分配情况"),
    (10, 9, "safety", "intranet", "{y}年第三季度安全生产情况"),
    (10, 21, "decisions", "meeting", "厂区食堂承包经营调整方案"),
    (11, 6, "honours", "board", "{y}年度劳动竞赛先进班组评选结果"),
    (11, 20, "procurement", "board", "{y}年下半年物资集中采购情况"),
    (12, 10, "recruitment", "intranet", "{y}年秋季高校毕业生招聘录用结果"),
    (12, 18, "finance", "board", "{y}年职工教育经费使用情况"),
    (12, 22, "welfare", "board", "{y}年职工体检组织情况"),
    (1, 8, "finance", "congress", "{py}年下半年及全年财务收支情况"),
    (6, 28, "insurance", "intranet", "企业年金缴存情况"),
    (8, 30, "honours", "board", "“安康杯”竞赛优胜班组公示"),
    (10, 28, "titles", "intranet", "{y}年度专业技术职称评审推荐结果"),
    (12, 26, "decisions", "meeting", "{next}年度作息时间调整方案"),
]
SCHOOL_ITEMS = [
    (1, 12, "finance", "board", "{py}年下半年学校经费收支情况"),
    (1, 18, "performance", "congress", "{py}年度教职工年度考核结果及奖励性绩效工资分配方案"),
    (3, 6, "honours", "board", "{py}年度优秀教师、优秀班主任评选结果公示"),
    (3, 15, "hospitality", "congress", "{py}年度公务接待费使用情况"),
    (4, 20, "procurement", "board", "多媒体教室设备采购结果"),
    (5, 16, "titles", "board", "{y}年教师职称评聘推荐人选公示"),
    (6, 10, "welfare", "board", "教职工体检及慰问情况"),
    (7, 5, "finance", "board", "{y}年上半年学校经费收支情况"),
    (9, 8, "decisions", "congress", "新学期课时分配及岗位设置方案"),
    (10, 15, "recruitment", "intranet", "{y}年新教师招聘录用结果"),
    (11, 26, "honours", "board", "{y}年学生资助（贫困生）推荐名单公示"),
    (12, 16, "procurement", "board", "校园食堂食材供应商遴选结果"),
]
BUREAU_ITEMS = [
    (1, 20, "finance", "intranet", "{py}年度部门预算执行情况"),
    (4, 18, "honours", "board", "{py}年度公务员考核优秀等次人员公示"),
    (7, 12, "hospitality", "intranet", "{y}年上半年公务接待费使用情况"),
    (11, 8, "procurement", "board", "执法记录仪政府采购结果"),
]
#: Left out on purpose: the company's 业务招待费 statement of last July (so nothing in last year's second half) and
#: this year's spring 招聘录用 (the autumn one falls after today: the yearly category is still to do).
#: (An item counts for the half-year or quarter its date falls in: the July statement is the second half's.)
SKIPPED = {(COMPANY, "last", "{y}年上半年业务招待费使用情况"), (COMPANY, "this", "{y}年春季技术工人招聘录用结果")}


def schedule(ctx) -> None:
    years = ctx.years
    for union, plan in REQUIRED.items():
        for year in years:
            ctx.at(max(datetime.date(year, 1, 5), ctx.b.start), union, _requirements, union, year, plan, ctx)
    for union, items in ((COMPANY, COMPANY_ITEMS), (SCHOOL, SCHOOL_ITEMS), (BUREAU, BUREAU_ITEMS)):
        for year in years:
            which = "this" if year == ctx.today.year else "last" if year == ctx.today.year - 1 else "before"
            for n, (month, dom, category, channel, title) in enumerate(items):
                if (union, which, title) in SKIPPED:
                    continue
                day = datetime.date(year, month, dom)
                text = title.format(y=year, py=year - 1, next=year + 1)
                ctx.at(day, union, _publish, ctx, union, day, category, channel, text, attach=n % 7 == 0)
    # The demo member opens the company's items of the window that are over a month old (on the last day).
    ctx.at(ctx.today, "company", _member_reads, ctx, actor="member")


def _requirements(union, year, plan, ctx):
    from gonghui.democracy.models import OpenAffairsRequirement

    org = ctx.orgs[union]
    if OpenAffairsRequirement.objects.filter(org=org, year=year - 1).exists():
        made = services.requirements_copy(actor=None, org=org, from_year=year - 1, to_year=year)
    else:
        made = [services.requirement_save(actor=None, org=org, year=year, category=c, frequency=f)
                for c, f in plan]
    ctx.summary.counts.setdefault("openaffairs", {}).setdefault("清单类别", 0)
    ctx.summary.counts["openaffairs"]["清单类别"] += len(made)


def _content(org, category_label, title) -> str:
    return (f"根据{org.name}公开工作制度，现将“{title}”予以公开。\n\n"
            f"本事项属{category_label}类，已经领导小组审核。职工对公开内容有疑问的，可在公开之日起十个工作日内"
            f"向工会或公开工作监督小组反映，也可通过意见箱提出。")


def _publish(ctx, union, day, category, channel, title, *, attach: bool):
    from gonghui.democracy.models import OpenAffairsCategory

    org = ctx.orgs[union]
    files = [SimpleUploadedFile(f"{title[:20]}明细.txt", f"{title}\n明细见附表。\n".encode())] if attach else ()
    services.item_save(actor=None, org=org, title=title, category=category, channel=channel, published_on=day,
                       content=_content(org, OpenAffairsCategory(category).label, title), approved_by=APPROVED[union],
                       approved_on=day - datetime.timedelta(days=2), attachments=files, publish=True)
    counts = ctx.summary.counts.setdefault("openaffairs", {})
    counts["公开事项"] = counts.get("公开事项", 0) + 1


def _member_reads(ctx):
    from gonghui.democracy.services.openaffairs import item_mark_read

    user = ctx.users["member"]
    month_ago = ctx.today - datetime.timedelta(days=30)
    for item in OpenAffairsItem.objects.filter(org=ctx.orgs[COMPANY], published_on__lte=month_ago):
        item_mark_read(actor=user, item=item)
