"""Union-B rights objects for tests/test_scope_leaks.py: one of every record reachable by id — a hazard (forwarded,
with a photo) reported by B's member to B's department, a mediation case (closed with an agreement), a
consultation asked online and one recorded with its answer, a lawyer's duty day, a lecture, a petition, a risk
(resolved) — reached by the petition/risk/consultation pages, their edit and answer forms, the lists and exports; a
三期 entry, a special-contract check, a 安康互助 enrolment, a 维权行动月 activity, a work injury with its visit and a
安康杯 campaign with a team."""
from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.accounts.roles import Role
from gonghui.rights.models import DisputeKind, DisputeOutcome, HazardKind, Petition
from gonghui.rights.services import disputes, hazards, legal, screening


def _png() -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 0, 0)).save(buffer, format="PNG")
    return SimpleUploadedFile("乙校隐患.png", buffer.getvalue(), content_type="image/png")


def create(b: dict) -> list[str]:
    from gonghui.democracy.services.proposals import department_save

    school, day = b["union"], datetime.date(2024, 3, 1)
    contact = b["make_user"]("leak_b_rights_department", Role.DEPARTMENT, school)
    department = department_save(actor=None, org=school, name="乙校安全保卫处", contacts=[contact])
    hazard = hazards.hazard_report(actor=b["member_user"], kind=HazardKind.FIRE, location="乙校实验楼",
                                   description="乙校灭火器过期", photo=_png(), token="leak")
    hazards.hazard_forward(actor=None, hazard=hazard, department=department)
    case = disputes.case_register(actor=None, org=school, applicant_name="乙校申请人", other_party="乙校",
                                  kind=DisputeKind.PAY, details="乙校案情", received_on=day, claim_amount="100")
    disputes.case_accept(actor=None, case=case, accepted_on=day, mediators="乙校调解员")
    disputes.case_close(actor=None, case=case, outcome=DisputeOutcome.SUCCESS, closed_on=day,
                        agreement_text="乙校协议", agreement_amount="100")
    legal.consult_ask(actor=b["member_user"], question="乙校咨询问题", token="leak")
    legal.lecture_record(actor=None, org=school, held_on=day, title="乙校普法讲座", attendance=30)
    screening.petition_record(actor=None, org=school, channel=Petition.Channel.VISIT, received_on=day,
                              petitioner="乙校来访人", matter="乙校反映事项")
    screening.risk_record(actor=None, org=school, screened_on=day, matter="乙校矛盾隐患", people=5,
                          measures="乙校化解措施", resolved_on=day)
    legal.consult_record(actor=None, org=school, asked_on=day, asker="乙校咨询人", question="乙校代理事项",
                         kind="agent", answer="乙校解答意见", lawyer="乙校律师")
    legal.duty_record(actor=None, org=school, lawyer="乙校坐班律师", firm="乙校律师事务所", on_day=day, hours=4)
    from gonghui.rights.services import women

    women.maternity_record(actor=None, person=b["people"][1], phase="pregnancy", starts_on=day,
                           ends_on=day + datetime.timedelta(days=200))
    from gonghui.democracy.models import ContractKind
    from gonghui.democracy.services.contracts import contract_create

    contract = contract_create(actor=None, org=school, kind=ContractKind.WOMEN, employer_name="乙校",
                               signed_on=day, starts_on=day, ends_on=day + datetime.timedelta(days=1000))
    women.contract_check_record(actor=None, contract=contract, checked_on=day, checkers="乙校检查人",
                                items="乙校检查内容", findings="乙校发现问题", state="issues")
    women.mutual_aid_enrol(actor=None, person=b["people"][1], year=2024, plan="乙校安康互助", premium="30")
    women.campaign_record(actor=None, org=school, held_on=day, title="乙校维权行动月", attendance=20)
    from gonghui.rights.services import injuries

    injury = injuries.injury_record(actor=None, person=b["people"][0], occurred_on=day, place="乙校锅炉房",
                                    description="乙校工伤经过", severity="minor")
    injuries.injury_visit(actor=None, injury=injury, visited_on=day, amount="300", visitors="乙校慰问人")
    from gonghui.rights.services import safety

    campaign = safety.campaign_create(actor=None, org=school, kind="ankang", title="乙校安康杯竞赛", starts_on=day,
                                      result="乙校安康杯获奖")
    safety.team_add(actor=None, campaign=campaign, team="乙校后勤班", members=5)
    return ["乙校检查内容", "乙校发现问题", "乙校安康互助", "乙校维权行动月", "乙校安康杯获奖", "乙校后勤班", "乙校锅炉房",
            "乙校工伤经过", "乙校实验楼", "乙校灭火器过期", "乙校申请人", "乙校案情", "乙校咨询问题", "乙校协议", "乙校来访人",
            "乙校反映事项", "乙校矛盾隐患", "乙校化解措施", "乙校普法讲座", "乙校咨询人", "乙校代理事项", "乙校解答意见",
            "乙校坐班律师", "乙校律师事务所"]
