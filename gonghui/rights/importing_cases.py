"""调解案件导入 (`cases`, through the core import engine): a union's past mediation cases (台账) — number (optional:
drawn as 调YYYY-NNN by the year received when blank), applicant, other party, kind, claim, received / accepted /
closed dates, outcome and agreed amount. Imported through `rights/importing.py` (the engine discovers that module).

Checked with row and column messages: dates in order (accepted ≥ received, closed ≥ accepted, none in the future),
a closed case needs its outcome and an outcome its closing date, an agreed amount only for 调解成功 and above the
claim only with a reason, duplicates (the same number, or the same applicant, other party, kind and day, twice in the
file or already in the union)."""
from __future__ import annotations

import datetime

from gonghui.accounts.roles import Perm
from gonghui.core import importing
from gonghui.core.importing import Column, parsers

from .models import DisputeCase, DisputeKind, DisputeOutcome, DisputeState

KINDS = parsers.labels(DisputeKind.choices, {"工资": DisputeKind.PAY, "拖欠工资": DisputeKind.PAY,
                                              "劳动报酬争议": DisputeKind.PAY, "社保": DisputeKind.INSURANCE,
                                              "解除合同": DisputeKind.DISMISSAL, "辞退": DisputeKind.DISMISSAL,
                                              "解除劳动关系": DisputeKind.DISMISSAL, "工伤待遇": DisputeKind.INJURY,
                                              "加班费": DisputeKind.OVERTIME, "劳动合同": DisputeKind.CONTRACT})
OUTCOMES = parsers.labels(DisputeOutcome.choices, {"成功": DisputeOutcome.SUCCESS, "达成协议": DisputeOutcome.SUCCESS,
                                                    "调解失败": DisputeOutcome.FAILED, "未达成协议": DisputeOutcome.FAILED,
                                                    "仲裁": DisputeOutcome.ARBITRATION,
                                                    "申请仲裁": DisputeOutcome.ARBITRATION,
                                                    "撤诉": DisputeOutcome.WITHDRAWN, "撤回申请": DisputeOutcome.WITHDRAWN})


@importing.register
class CaseImporter(importing.Importer):
    key, title, noun, unit, sheet_name = "cases", "调解案件导入", "调解案件", "件", "调解案件"
    perm = Perm.RIGHTS_EDIT
    org_label = "导入到工会"
    org_help = "案件记入该工会的劳动争议调解委员会；案号为空的按收到申请的年份自动编号"
    result_link = ("rights:case_list", "劳动争议调解案件")
    template_notes = ("案号可以为空，系统按收到申请的年份编为“调YYYY-NNN”；填写的案号在本工会内不能重复。",
                      "已结案的须填写受理日期、结案日期和调解结果；调解成功的可填写协议金额，超过请求金额的须写明理由。")
    columns = (
        Column("number", "案号", parsers.text(30, "案号"), synonyms=("编号", "案件编号")),
        Column("applicant_name", "申请人", parsers.text(50, "申请人"), synonyms=("申请人姓名", "职工姓名"),
               required=True),
        Column("is_member", "是否会员", parsers.boolean, synonyms=("会员",), choices=("是", "否")),
        Column("other_party", "被申请人", parsers.text(100, "被申请人"), synonyms=("被申请单位", "用人单位"),
               required=True, width=20),
        Column("kind", "争议类型", parsers.choice(KINDS, "争议类型", "、".join(DisputeKind.labels)),
               synonyms=("类型", "案由"), required=True, choices=tuple(DisputeKind.labels),
               display=dict(DisputeKind.choices)),
        Column("claim_amount", "请求金额（元）", parsers.money, synonyms=("请求金额", "申请金额", "诉求金额"),
               kind="money"),
        Column("received_on", "收到申请日期", parsers.date, synonyms=("申请日期", "收案日期"), required=True,
               kind="date"),
        Column("accepted_on", "受理日期", parsers.date, kind="date"),
        Column("closed_on", "结案日期", parsers.date, kind="date"),
        Column("outcome", "调解结果", parsers.choice(OUTCOMES, "调解结果", "、".join(DisputeOutcome.labels)),
               synonyms=("结果", "结案方式"), choices=tuple(DisputeOutcome.labels),
               display=dict(DisputeOutcome.choices)),
        Column("agreement_amount", "协议金额（元）", parsers.money, synonyms=("协议金额", "调解金额"), kind="money"),
        Column("over_claim_reason", "超出请求的理由", parsers.text(300, "超出请求的理由"),
               synonyms=("协议金额超过请求金额的理由",), width=24),
        Column("mediators", "调解员", parsers.text(100, "调解员")),
        Column("details", "争议事实与请求", parsers.text(5000, "争议事实与请求"), synonyms=("案情", "争议事实"),
               width=40),
    )
    preview_columns = (("number", "案号"), ("received_on", "收到申请"), ("kind", "争议类型"), ("outcome", "调解结果"))
    preview_blanks = {"number": "（自动编号）"}

    def check_row(self, row, checks) -> None:
        super().check_row(row, checks)
        v = row.values
        received, accepted, closed = v.get("received_on"), v.get("accepted_on"), v.get("closed_on")
        outcome, amount, claim = v.get("outcome"), v.get("agreement_amount"), v.get("claim_amount")
        for key in ("received_on", "accepted_on", "closed_on"):
            day = v.get(key)
            if day is not None and day > checks.today:
                checks.add(row, key, day, "日期在今天之后，请核对")
            elif day is not None and day.year < 2000:
                checks.add(row, key, day, "日期早于2000年，请核对")
        if received and accepted and accepted < received:
            checks.add(row, "accepted_on", accepted, "受理日期早于收到申请日期")
        if closed is not None and accepted is None:
            checks.add(row, "accepted_on", "", "已结案的，请填写受理日期")
        if accepted and closed and closed < accepted:
            checks.add(row, "closed_on", closed, "结案日期早于受理日期")
        if closed is not None and not outcome:
            checks.add(row, "outcome", "", "已结案的，请填写调解结果")
        if outcome and closed is None:
            checks.add(row, "closed_on", "", "填写了调解结果，请填写结案日期")
        if amount is not None and outcome != DisputeOutcome.SUCCESS:
            checks.add(row, "agreement_amount", amount, "只有调解成功的案件才有协议金额")
        elif amount is not None and claim is not None and amount > claim and not v.get("over_claim_reason"):
            checks.add(row, "agreement_amount", amount,
                       f"协议金额超过请求金额（{claim}元），请在“超出请求的理由”中说明")

    def validate(self, rows, checks, *, org, user) -> None:
        numbers, cases = {}, {}
        days = [r.values["received_on"] for r in rows if not r.rejected and r.values.get("received_on")]
        existing_numbers = set(DisputeCase.objects.filter(org=org).values_list("number", flat=True))
        existing = set()
        if days:
            existing = set(DisputeCase.objects.filter(org=org, received_on__gte=min(days), received_on__lte=max(days))
                           .values_list("applicant_name", "other_party", "kind", "received_on"))
        for row in rows:
            if row.rejected:
                continue
            v = row.values
            number = v.get("number") or ""
            if number:
                if number in numbers:
                    checks.add(row, "number", number, f"案号与第{numbers[number]}行重复")
                elif number in existing_numbers:
                    checks.add(row, "number", number, f"{org.name}已有案号为“{number}”的案件")
                numbers.setdefault(number, row.number)
            key = (v["applicant_name"], v["other_party"], v["kind"], v["received_on"])
            if key in cases:
                checks.add(row, "applicant_name", v["applicant_name"],
                           f"与第{cases[key]}行是同一案件（申请人、被申请人、争议类型和收到申请日期相同）")
            elif key in existing:
                checks.add(row, "applicant_name", v["applicant_name"],
                           "该案件已登记过（申请人、被申请人、争议类型和收到申请日期相同）")
            cases.setdefault(key, row.number)

    def write(self, batch, rows, columns, user) -> dict:
        from gonghui.core import audit, bulk
        from gonghui.core.models import AuditEntry
        from gonghui.orgs.models import Organization

        from .services.disputes import limits_on

        org = batch.org
        Organization.objects.select_for_update().filter(pk=org.pk).first()  # numbers drawn one union at a time
        last: dict[int, int] = {}
        for number in DisputeCase.objects.filter(org=org, number__startswith="调").values_list("number", flat=True):
            head, _, tail = number.partition("-")
            if head[1:].isdigit() and tail.isdigit():
                last[int(head[1:])] = max(last.get(int(head[1:]), 0), int(tail))
        for row in rows:  # numbers given in the file count too, so a drawn one does not repeat them
            head, _, tail = (row.values.get("number") or "").partition("-")
            if head.startswith("调") and head[1:].isdigit() and tail.isdigit():
                last[int(head[1:])] = max(last.get(int(head[1:]), 0), int(tail))
        fields = ("org_id", "number", "applicant_name", "is_member", "other_party", "kind", "claim_amount", "details",
                  "mediators", "received_on", "state", "accepted_on", "due_on", "closed_on", "mediated_on", "outcome",
                  "agreement_amount", "over_claim_reason")
        data, limits = [], {}
        for row in sorted(rows, key=lambda r: (r.values["received_on"], r.number)):
            v = row.values
            received, accepted, closed = v["received_on"], v.get("accepted_on"), v.get("closed_on")
            number = v.get("number") or ""
            if not number:
                last[received.year] = last.get(received.year, 0) + 1
                number = f"调{received.year}-{last[received.year]:03d}"
            state = (DisputeState.CLOSED if closed else DisputeState.ACCEPTED if accepted else DisputeState.APPLIED)
            if accepted and received not in limits:
                limits[received] = limits_on(org, received)[1]
            due = accepted + datetime.timedelta(days=limits[received]) if accepted else None
            outcome = v.get("outcome") or ""
            data.append((org.pk, number, v["applicant_name"], v.get("is_member", True), v["other_party"], v["kind"],
                         v.get("claim_amount"), v.get("details") or "", v.get("mediators") or "", received, state,
                         accepted, due, closed, closed if outcome == DisputeOutcome.SUCCESS else None, outcome,
                         v.get("agreement_amount") if outcome == DisputeOutcome.SUCCESS else None,
                         v.get("over_claim_reason") or ""))
        ids = bulk.insert_rows(DisputeCase, fields, data)
        audit.record_rows(AuditEntry.Action.CREATE, DisputeCase,
                          [(pk, f"{r[1]}", org.path,
                            {name: [None, str(value) if value is not None else None]
                             for name, value in zip(fields, r) if name != "details"}) for pk, r in zip(ids, data)],
                          note=f"导入批次{batch.pk}")
        return {"created": len(ids)}
