"""The 职代会召开情况报告表 to the upper union, drafted from a session's records (Word through reports.docx, the house
style): the session, 应到/实到 and the quorum, whether it was valid, the reports heard, each resolution with its
votes and verdict against ALL delegates, the term's composition; signature lines left for the union to fill."""
from __future__ import annotations

from django.utils.timezone import localdate

from gonghui.reports.documents import Document, Paragraph, Table

from .models import CongressSession
from .selectors import congress as reads


def _d(day) -> str:
    return f"{day:%Y年%-m月%-d日}" if day else "—"


def session_report_document(session: CongressSession) -> Document:
    state = reads.session_state(session, with_roll=False)
    comp = reads.composition(session.term, session.opened_on)
    term = session.term
    closed = session.status == CongressSession.Status.CLOSED
    if closed:
        verdict = "有效" if session.is_valid else "无效（未达到法定人数）"
    else:
        verdict = "会议尚未闭幕" + ("（目前已达法定人数）" if state.quorate else "（目前未达法定人数）")
    rows = [
        ["单位（工会）", session.org.name],
        ["会议名称", f"{session}（{session.get_kind_display()}）"],
        ["会议时间", _d(session.opened_on) + (f"至{_d(session.closed_on)}" if session.closed_on
                                            and session.closed_on != session.opened_on else "")],
        ["会议地点", session.place or "—"],
        ["本届代表名额", f"{term.seats}名" if term.seats else "—"],
        ["应到代表", f"{state.expected}名"],
        ["实到代表", f"{session.attended if closed else state.present}名"],
        ["请假/缺席", f"请假{state.leave}名，缺席{state.absent}名"],
        ["法定人数", f"{state.quorum}名（全体代表的{state.rules.quorum_text}）"],
        ["会议是否有效", verdict],
        ["代表构成", "，".join(f"{label}{n}名（{p}%）" for _, label, n, p in comp.by_category if n)
         + f"；女职工代表{comp.women}名（{comp.women_percent}%），青年代表{comp.young}名（{comp.young_percent}%）"],
        ["主要议程", "；".join(session.agenda_items) or "—"],
        ["听取和审议的报告", "；".join(r.title + (f"（{r.presenter}）" if r.presenter else "")
                                for r in session.reports.all()) or "—"],
    ]
    resolutions = list(session.resolutions.all())
    votes = [[str(i), r.title, *(("—",) * 3 if not r.is_voted else
                                 (str(r.votes_for), str(r.votes_against), str(r.votes_abstain))), r.verdict]
             for i, r in enumerate(resolutions, start=1)]
    passed = [r for r in resolutions if r.passed]
    blocks = [
        Table(columns=["项目", "内容"], rows=rows, title="会议基本情况"),
        Table(columns=["序号", "表决事项", "赞成", "反对", "弃权", "结果"], rows=votes or [["—", "无表决事项", "", "", "", ""]],
              title=f"表决情况（赞成票须超过全体代表{state.expected}名的{state.rules.pass_text}，即不少于"
                    f"{state.pass_mark}票）"),
        Paragraph([f"本次会议应到代表{state.expected}名，实到{session.attended if closed else state.present}名，"
                   + (f"审议通过了{'、'.join(r.title for r in passed)}。" if passed else "未通过表决事项。")]),
        Paragraph(["工会主席（签字）：　　　　　　　　填报人：　　　　　　　　联系电话："], kind="plain"),
    ]
    return Document(title=f"{session}召开情况报告表", subtitle=session.org.name, blocks=blocks, kind="form",
                    org=session.org.code, org_name=session.org.name,
                    signature=[session.org.name, f"{localdate():%Y年%-m月%-d日}"])
