"""Paper survey counts through the import engine (`gonghui import democracy_survey_counts FILE --org CODE`, wizard
at /import/democracy_survey_counts/): one row per survey, or one row per unit (分工会、车间) of a survey — the rows
of a survey are added up — with 发放, 回收, 有效. The file's totals replace the paper counts recorded before (the online
answers are counted apart). Registered from portal/surveys.py (loaded at start-up), since the app has no shared
`importing` module for its parts yet.
"""
from __future__ import annotations

from collections import defaultdict

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.core import importing
from gonghui.core.importing import Column, parsers

from .models import Survey
from .services import surveys as services


def count(raw) -> int:
    text = parsers.clean_text(raw)
    try:
        value = float(text)
    except ValueError:
        raise ValueError("应为整数份数") from None
    if value != int(value) or value < 0:
        raise ValueError("应为不小于0的整数份数")
    if value > 10_000_000:
        raise ValueError("份数过大，请检查")
    return int(value)


def check_counts(row, checks) -> None:
    v = row.values
    if {"issued", "returned", "valid"} - v.keys():
        return
    if v["returned"] > v["issued"]:
        checks.add(row, "returned", v["returned"], f"回收份数（{v['returned']}）不能多于发放份数（{v['issued']}）")
    elif v["valid"] > v["returned"]:
        checks.add(row, "valid", v["valid"], f"有效份数（{v['valid']}）不能多于回收份数（{v['returned']}）")


@importing.register
class SurveyCountsImporter(importing.Importer):
    key = "democracy_survey_counts"
    title = "纸质问卷份数导入"
    noun = "问卷份数"
    unit = "份问卷"
    sheet_name = "纸质问卷份数"
    perm = Perm.DEMOCRACY_EDIT
    columns = (
        Column("title", "问卷标题", parsers.text(100, "问卷标题"), synonyms=("问卷", "测评名称", "标题"), required=True,
               width=30),
        Column("unit", "单位", parsers.text(60, "单位"), synonyms=("分工会", "部门", "车间"), width=16),
        Column("issued", "发放份数", count, synonyms=("发放", "发放（份）"), required=True, kind="number"),
        Column("returned", "回收份数", count, synonyms=("回收", "回收（份）"), required=True, kind="number"),
        Column("valid", "有效份数", count, synonyms=("有效", "有效（份）"), required=True, kind="number"),
    )
    row_checks = [check_counts]
    template_notes = ("每行一份问卷的纸质份数，或一份问卷在一个单位的份数（同一问卷的各行相加）。",
                      "导入后的合计替换该问卷原先登记的纸质份数；网上作答另计。",
                      "回收不能多于发放，有效不能多于回收。")
    preview_columns = (("title", "问卷标题"), ("unit", "单位"), ("issued", "发放"), ("returned", "回收"),
                       ("valid", "有效"))

    def _surveys(self, org, user):
        qs = Survey.objects.filter(org__path__startswith=org.path).exclude(status=Survey.Status.DRAFT)
        if user is not None:
            qs = qs.filter(org_q(user, Perm.DEMOCRACY_EDIT))
        found = defaultdict(list)
        for s in qs.only("pk", "title", "kind"):
            found[s.title].append(s)
        return found

    def validate(self, rows, checks, *, org, user) -> None:
        found = self._surveys(org, user)
        totals = defaultdict(int)
        for row in rows:
            title = row.values.get("title")
            if row.rejected or not title:
                continue
            matches = found.get(title, [])
            if not matches:
                checks.add(row, "title", title, "本会（含下属组织）没有这份已发布的问卷，请核对标题（草稿不能登记份数）")
            elif len(matches) > 1:
                checks.add(row, "title", title, "有多份同名问卷，请在页面上分别登记")
            else:
                totals[matches[0].pk] += row.values.get("valid", 0)
        for survey in Survey.objects.filter(pk__in=list(totals), kind=Survey.Kind.EVALUATION).prefetch_related(
                "subjects"):
            most = max((s.paper_satisfied + s.paper_basic + s.paper_unsatisfied for s in survey.subjects.all()),
                       default=0)
            if most > totals[survey.pk]:
                for row in rows:
                    if row.values.get("title") == survey.title and not row.rejected:
                        checks.add(row, "valid", row.values.get("valid"),
                                   f"已登记的纸质测评票数（{most}票）多于有效份数合计（{totals[survey.pk]}）")

    def write(self, batch, rows, columns, user) -> dict:
        found = self._surveys(batch.org, user)
        sums: dict[int, list[int]] = {}
        for row in rows:
            survey = found[row.values["title"]][0]
            total = sums.setdefault(survey.pk, [0, 0, 0])
            total[0] += row.values["issued"]
            total[1] += row.values["returned"]
            total[2] += row.values["valid"]
        changed = unchanged = 0
        for survey in Survey.objects.filter(pk__in=list(sums)):
            issued, returned, valid = sums[survey.pk]
            if (survey.paper_issued, survey.paper_returned, survey.paper_valid) == (issued, returned, valid):
                unchanged += 1
                continue
            services.paper_counts_record(actor=user, survey=survey, issued=issued, returned=returned, valid=valid)
            changed += 1
        return {"updated": changed, "unchanged": unchanged}
