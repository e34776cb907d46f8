"""The 劳动争议调解申请书 and the 调解协议书 drafted from a case's record (Word through reports.docx, the house style)."""
from __future__ import annotations

from gonghui.reports.documents import Document, Paragraph, Table

from .models import DisputeCase


def _d(day) -> str:
    return f"{day:%Y年%-m月%-d日}" if day else "　　年　月　日"


def agreement_document(case: DisputeCase) -> Document:
    rows = [
        ["案号", case.number],
        ["申请人", case.applicant_name + ("（会员）" if case.is_member else "")],
        ["被申请人", case.other_party],
        ["争议类型", case.get_kind_display()],
        ["请求金额", f"{case.claim_amount}元" if case.claim_amount is not None else "—"],
        ["调解员", case.mediators or "—"],
        ["受理日期", _d(case.accepted_on)],
        ["调解日期", _d(case.mediated_on or case.closed_on)],
    ]
    blocks = [
        Table(columns=["项目", "内容"], rows=rows, title="当事人及案件基本情况"),
        Paragraph(["争议事项："]),
        *[Paragraph([line]) for line in (case.details or "").splitlines() if line.strip()],
        Paragraph([f"经{case.org.name}劳动争议调解委员会主持调解，双方当事人自愿达成如下协议："]),
        *[Paragraph([line]) for line in (case.agreement_text or "").splitlines() if line.strip()],
    ]
    if case.agreement_amount is not None:
        blocks.append(Paragraph([f"协议金额：人民币{case.agreement_amount}元。"]))
    blocks += [
        Paragraph(["本协议书自双方当事人签名或者盖章，经调解员签名并加盖调解组织印章后生效，对双方当事人具有约束力，"
                   "当事人应当履行。一方当事人在协议约定期限内不履行调解协议的，另一方当事人可以依法申请仲裁。"]),
        Paragraph(["本协议书一式三份，双方当事人和调解委员会各执一份。"]),
        Paragraph(["申请人（签名）：　　　　　　被申请人（签名或盖章）：　　　　　　调解员（签名）："], kind="plain"),
    ]
    return Document(title="劳动争议调解协议书", subtitle=case.org.name, blocks=blocks, kind="form",
                    org=case.org.code, org_name=case.org.name,
                    signature=[f"{case.org.name}劳动争议调解委员会（印章）", _d(case.closed_on)])


def application_document(case: DisputeCase) -> Document:
    """劳动争议调解申请书: the application as received (from the phone or on paper), for the file and the signature."""
    rows = [
        ["案号", case.number],
        ["申请人", case.applicant_name + ("（会员）" if case.is_member else "")],
        ["联系电话", case.applicant_phone or "—"],
        ["被申请人", case.other_party],
        ["争议类型", case.get_kind_display()],
        ["请求金额", f"{case.claim_amount}元" if case.claim_amount is not None else "—"],
        ["收到申请日期", _d(case.received_on)],
    ]
    blocks = [
        Table(columns=["项目", "内容"], rows=rows, title="申请人及争议基本情况"),
        Paragraph(["争议事实与请求："]),
        *[Paragraph([line]) for line in (case.details or "").splitlines() if line.strip()],
        Paragraph([f"申请人自愿申请{case.org.name}劳动争议调解委员会对上述劳动争议进行调解。"]),
        Paragraph(["申请人（签名）：　　　　　　　　　　　　　　年　　月　　日"], kind="plain"),
    ]
    if case.accepted_on:
        blocks.append(Paragraph([f"调解委员会意见：于{_d(case.accepted_on)}受理，调解员：{case.mediators or '—'}。"],
                                kind="plain"))
    elif case.refused_on:
        blocks.append(Paragraph([f"调解委员会意见：于{_d(case.refused_on)}决定不予受理。理由：{case.refuse_reason}"],
                                kind="plain"))
    return Document(title="劳动争议调解申请书", subtitle=case.org.name, blocks=blocks, kind="form",
                    org=case.org.code, org_name=case.org.name,
                    signature=[f"{case.org.name}劳动争议调解委员会", _d(case.received_on)])
