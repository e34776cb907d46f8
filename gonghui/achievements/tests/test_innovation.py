"""Technical innovation: patent numbers (format, kind digit, CNIPA check character), projects, patents and studios
through their services (dates, people of the union, duplicate numbers refused, audit), and their pages (lists with
search and export, forms, 404 for another union's ids)."""
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.achievements.models import InnovationProject, InnovationStudio, Patent
from gonghui.achievements.services import innovation as services
from gonghui.core import patentno
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry

DAY = datetime.date(2024, 3, 1)
#: real-shaped application numbers whose check characters are right (CNIPA rule: weights 2…9,2…5, mod 11, 10 → X)
INVENTION = "ZL 2017 1 0601862.3"
OLD = "ZL 95115608.X"


def test_patent_number_check():
    assert patentno.problem(patentno.normalize(INVENTION)) is None
    assert patentno.problem(patentno.normalize("ＺＬ２０１７１０６０１８６２．３")) is None  # full-width
    assert patentno.problem(patentno.normalize(OLD)) is None
    assert patentno.display(patentno.normalize("201710601862.3")) == INVENTION
    assert "校验位有误（应为3）" in patentno.problem(patentno.normalize("ZL 2017 1 0601862.4"))
    assert "位数不对" in patentno.problem(patentno.normalize("ZL 2017 1 060186.3"))
    assert "应为1、2、3、8或9" in patentno.problem(patentno.normalize("201740601862.3"))
    assert "申请年份" in patentno.problem(patentno.normalize("1917" + "10601862" + "3"))
    wrong_kind = patentno.problem(patentno.normalize(INVENTION), "utility")
    assert "类型位为1（发明）" in wrong_kind and "实用新型" in wrong_kind
    # every remainder 0–10 is possible, 10 written X
    code = "20172" + "0000000"
    assert patentno.check(code) in "0123456789X"


@pytest.fixture
def team(world):
    w = world
    return dict(w, leader=w["judges"][0], member=w["judges"][1])


def _project(t, **extra):
    kw = dict(actor=t["officer"], org=t["company"], name="空压机余热回收技术研究", leader=t["leader"],
              members=[t["member"], t["author"]], started_on=DAY)
    kw.update(extra)
    return services.project_save(**kw)


def test_project_lifecycle_and_validation(team):
    t = team
    p = _project(t)
    assert p.state == InnovationProject.State.APPROVED and set(p.members.all()) == {t["member"], t["author"]}
    with pytest.raises(ServiceError, match="已有技术创新项目"):
        _project(t)
    with pytest.raises(ServiceError, match="结题日期.*早于立项日期"):
        _project(t, project=p, state="finished", finished_on=DAY - datetime.timedelta(days=1), result="成果")
    with pytest.raises(ServiceError, match="请填写成果"):
        _project(t, project=p, state="finished", finished_on=DAY)
    with pytest.raises(ServiceError, match="尚未结题"):
        _project(t, project=p, state="active", finished_on=DAY)
    with pytest.raises(ServiceError, match="不是.*的职工"):
        _project(t, project=p, members=[t["b_person"]])
    with pytest.raises(ServiceError, match="在今天之后"):
        _project(t, project=p, started_on=datetime.date(2999, 1, 1))
    with pytest.raises(ServiceError, match="不是金额|0至100亿"):
        _project(t, project=p, benefit="-5")
    p = _project(t, project=p, state="finished", finished_on=datetime.date(2024, 12, 1), result="年节约燃气费12万元",
                 benefit="120000", members=[t["member"]])
    p.refresh_from_db()
    assert p.state == "finished" and p.benefit == Decimal("120000.00") and list(p.members.all()) == [t["member"]]
    entries = AuditEntry.objects.filter(object_id=str(p.pk), content_type__model="innovationproject")
    assert entries.filter(action="create").exists() and entries.filter(action="update").count() >= 2
    # another union's officer cannot change it
    with pytest.raises(ServiceError):
        _project(t, project=p, actor=t["officer_b"], name="乙改名")


def test_patents(team):
    t = team
    p = _project(t)
    patent = services.patent_save(actor=t["officer"], org=t["company"], number=INVENTION, kind=Patent.Kind.INVENTION,
                                  title="一种空压机余热回收装置", granted_on=datetime.date(2019, 5, 7),
                                  holders=[t["leader"]], project=p)
    assert patent.number == "2017106018623" and patent.display_number == INVENTION
    with pytest.raises(ServiceError, match="已登记（一种空压机余热回收装置）"):
        services.patent_save(actor=t["officer"], org=t["branch"], number="201710601862.3", kind="invention",
                             title="重复", granted_on=datetime.date(2019, 5, 7), holders=[t["leader"]])
    with pytest.raises(ServiceError, match="校验位有误"):
        services.patent_save(actor=t["officer"], org=t["company"], number="ZL 2017 1 0601862.5", kind="invention",
                             title="错号", granted_on=DAY, holders=[t["leader"]])
    with pytest.raises(ServiceError, match="与所选类别“外观设计”不符"):
        services.patent_save(actor=t["officer"], org=t["company"], number=INVENTION, kind="design", title="错类",
                             granted_on=DAY, holders=[t["leader"]])
    with pytest.raises(ServiceError, match="早于专利号中的申请年份"):
        services.patent_save(actor=t["officer"], org=t["company"], number=INVENTION, kind="invention",
                             title="早", granted_on=datetime.date(2016, 1, 1), holders=[t["leader"]], patent=patent)
    with pytest.raises(ServiceError, match="请选择发明人"):
        services.patent_save(actor=t["officer"], org=t["company"], number=OLD, kind="invention", title="无人",
                             granted_on=DAY, holders=[])
    with pytest.raises(ServiceError, match="不是.*的职工"):
        services.patent_save(actor=t["officer"], org=t["company"], number=OLD, kind="invention", title="外人",
                             granted_on=DAY, holders=[t["b_person"]])
    # editing keeps its own number (not a duplicate of itself)
    patent = services.patent_save(actor=t["officer"], org=t["company"], number=INVENTION, kind="invention",
                                  title="一种空压机余热回收利用装置", granted_on=datetime.date(2019, 5, 7),
                                  holders=[t["leader"], t["member"]], patent=patent)
    assert patent.holders.count() == 2


def test_studios(team):
    t = team
    s = services.studio_save(actor=t["officer"], org=t["company"], name="王师傅职工创新工作室",
                             kind=InnovationStudio.Kind.WORKER, leader=t["leader"], members=[t["member"]],
                             founded_on=DAY, level="city", named_on=datetime.date(2024, 6, 1), output="攻关8项")
    assert s.get_level_display() == "市级"
    with pytest.raises(ServiceError, match="命名日期不能早于成立日期"):
        services.studio_save(actor=t["officer"], org=t["company"], name="另一个", kind="worker", leader=t["leader"],
                             founded_on=DAY, level="city", named_on=DAY - datetime.timedelta(days=1))
    with pytest.raises(ServiceError, match="请同时选择命名级别"):
        services.studio_save(actor=t["officer"], org=t["company"], name="另一个", kind="worker", leader=t["leader"],
                             founded_on=DAY, named_on=DAY)
    with pytest.raises(ServiceError, match="应由劳动模范领衔"):
        services.studio_save(actor=t["officer"], org=t["company"], name="劳模工作室", kind="model",
                             leader=t["member"], founded_on=DAY)
    with pytest.raises(ServiceError, match="已有工作室"):
        services.studio_save(actor=t["officer"], org=t["company"], name="王师傅职工创新工作室", kind="worker",
                             leader=t["leader"], founded_on=DAY)


def test_pages(team, client):
    t = team
    p = _project(t)
    patent = services.patent_save(actor=t["officer"], org=t["company"], number=INVENTION, kind="invention",
                                  title="一种空压机余热回收装置", granted_on=datetime.date(2019, 5, 7),
                                  holders=[t["leader"]], project=p)
    s = services.studio_save(actor=t["officer"], org=t["company"], name="王师傅职工创新工作室", kind="worker",
                             leader=t["leader"], founded_on=DAY)
    client.force_login(t["officer"])
    html = client.get(reverse("achievements:innovation_project_list") + "?q=余热").content.decode()
    assert "空压机余热回收技术研究" in html and "技术创新" in html
    assert "空压机余热回收技术研究" not in client.get(reverse("achievements:innovation_project_list")
                                                + "?q=不存在").content.decode()
    assert INVENTION in client.get(reverse("achievements:patent_list") + "?q=2017106").content.decode()
    html = client.get(reverse("achievements:innovation_project_detail", args=[p.pk])).content.decode()
    assert INVENTION in html
    for name in ("innovation_project_list", "patent_list", "studio_list"):
        r = client.get(reverse(f"achievements:{name}") + "?export=xlsx")
        assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    from openpyxl import load_workbook
    r = client.get(reverse("achievements:patent_list") + "?export=xlsx")
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert INVENTION in [c.value for row in wb.active.iter_rows() for c in row]
    # create through the form: a wrong check character is shown in Chinese, a right one saved
    url = reverse("achievements:patent_add")
    assert client.get(url + f"?project={p.pk}").status_code == 200
    expected = patentno.check("201820123456")
    wrong = "1" if expected != "1" else "2"
    form = dict(org=t["company"].pk, number=f"ZL 2018 2 0123456.{wrong}", kind="utility", title="一种防护罩",
                granted_on="2019-01-02", holders=[t["member"].pk], patentee="")
    r = client.post(url, form)
    assert r.status_code == 200 and f"校验位有误（应为{expected}）" in r.content.decode()
    r = client.post(url, dict(form, number=f"ZL 2018 2 0123456.{expected}"))
    assert r.status_code == 302
    assert Patent.objects.filter(number="201820123456" + expected, kind="utility").exists()
    # edit the project through its form
    r = client.post(reverse("achievements:innovation_project_edit", args=[p.pk]),
                    dict(org=t["company"].pk, name=p.name, leader=t["leader"].pk, members=[t["member"].pk],
                         started_on="2024-03-01", state="finished", finished_on="2024-11-30", result="形成专利1项",
                         benefit="50000", goal=""))
    assert r.status_code == 302, r.content.decode()[:2000]
    p.refresh_from_db()
    assert p.state == "finished" and p.benefit == Decimal("50000")
    r = client.post(reverse("achievements:studio_add"),
                    dict(org=t["company"].pk, name="劳模工作室", kind="model", leader=t["member"].pk,
                         founded_on="2024-01-01", level="", output=""))
    assert "应由劳动模范领衔" in r.content.decode()
    # another union's officer: 404 on every page of these records, nothing in their lists
    client.force_login(t["officer_b"])
    for name, pk in (("innovation_project_detail", p.pk), ("innovation_project_edit", p.pk),
                     ("patent_detail", patent.pk), ("patent_edit", patent.pk), ("studio_detail", s.pk),
                     ("studio_edit", s.pk)):
        assert client.get(reverse(f"achievements:{name}", args=[pk])).status_code == 404, name
    assert "空压机" not in client.get(reverse("achievements:innovation_project_list")).content.decode()
    assert "一种空压机" not in client.get(reverse("achievements:patent_list")).content.decode()


def test_figures_and_wording(team):
    from gonghui.reports import registry
    from gonghui.reports.documents import Heading, Paragraph
    from gonghui.reports.drafting import build
    from gonghui.reports.periods import Period

    t = team
    p = _project(t, state="finished", finished_on=datetime.date(2024, 10, 8), result="年节约燃气费12万元",
                 benefit="120000")
    _project(t, name="冲压模具寿命提升", started_on=datetime.date(2024, 5, 1))
    _project(t, name="上年项目", started_on=datetime.date(2023, 5, 1))
    services.patent_save(actor=t["officer"], org=t["company"], number=INVENTION, kind="invention",
                         title="一种空压机余热回收装置", granted_on=datetime.date(2024, 5, 7), holders=[t["leader"]],
                         project=p)
    utility = "201820123456" + patentno.check("201820123456")
    services.patent_save(actor=t["officer"], org=t["branch"], number=utility, kind="utility", title="一种防护罩",
                         granted_on=datetime.date(2024, 8, 1), holders=[t["author"]])
    services.studio_save(actor=t["officer"], org=t["company"], name="王师傅职工创新工作室", kind="worker",
                         leader=t["leader"], founded_on=datetime.date(2022, 3, 1), level="city",
                         named_on=datetime.date(2023, 6, 1))
    services.studio_save(actor=t["officer"], org=t["company"], name="次年工作室", kind="worker", leader=t["member"],
                         founded_on=datetime.date(2025, 3, 1))
    # the school's (another union) records are not counted
    services.studio_save(actor=t["officer_b"], org=t["school"], name="乙校工作室", kind="worker", leader=t["b_person"],
                         founded_on=datetime.date(2022, 3, 1))
    codes = ["achievements.innovation.projects", "achievements.innovation.finished", "achievements.innovation.benefit",
             "achievements.innovation.patents", "achievements.innovation.invention",
             "achievements.innovation.studios", "achievements.innovation.studios_named"]
    f = registry.compute(codes, t["company"], Period.year(2024))
    assert f == {"achievements.innovation.projects": 2, "achievements.innovation.finished": 1,
                 "achievements.innovation.benefit": Decimal("120000.00"), "achievements.innovation.patents": 2,
                 "achievements.innovation.invention": 1, "achievements.innovation.studios": 1,
                 "achievements.innovation.studios_named": 1}
    by_kind = registry.get("achievements.innovation.patents").breakdown(t["company"], datetime.date(2024, 1, 1),
                                                                        datetime.date(2024, 12, 31), "kind")
    assert [(label, v) for _, label, v in by_kind] == [("发明", 1), ("实用新型", 1)]
    # the dashboard's 建功立业 charts: patents by kind has the two kinds
    from gonghui.reports import dashboard

    area = next(a for a in registry.by_area() if a.code == "achievements")
    specs = {c.code: c for c in area.charts}
    assert {"achievements.suggestions_by_grade", "achievements.honours_by_level",
            "achievements.patents_by_kind"} <= set(specs)
    chart = dashboard.chart_data(specs["achievements.patents_by_kind"], t["company"], Period.year(2024), True)
    assert chart.categories[:2] == ["发明", "实用新型"] and chart.series[0].data[:2] == ["1", "1"], chart
    doc = build("summary", t["company"], Period.year(2024), style="exact", today=datetime.date(2025, 1, 5))
    text = "\n".join(b.text for b in doc.blocks if isinstance(b, (Heading, Paragraph)))
    assert "开展技术创新项目2项，结题1项" in text, text
    assert "获得专利2项，其中发明专利1项" in text, text
    assert "建成职工（劳模）创新工作室1个，其中经命名的1个" in text, text
    report = build("report", t["company"], Period.year(2024), style="exact", today=datetime.date(2025, 1, 5))
    text = "\n".join(b.text for b in report.blocks if isinstance(b, (Heading, Paragraph)))
    assert "开展技术创新项目2项，获得专利2项，其中发明专利1项；建成职工创新工作室1个" in text, text


def test_api_reads_in_scope(team, client):
    t = team
    p = _project(t)
    patent = services.patent_save(actor=t["officer"], org=t["company"], number=INVENTION, kind="invention",
                                  title="一种空压机余热回收装置", granted_on=datetime.date(2019, 5, 7),
                                  holders=[t["leader"]], project=p)
    client.force_login(t["officer"])
    rows = client.get("/api/achievements/patents/?kind=invention").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["display_number"] for r in rows] == [INVENTION]
    assert client.get(f"/api/achievements/innovation-projects/{p.pk}/").json()["name"] == p.name
    assert client.get("/api/achievements/studios/").status_code == 200
    client.force_login(t["officer_b"])
    assert client.get(f"/api/achievements/patents/{patent.pk}/").status_code == 404
    assert client.get(f"/api/achievements/innovation-projects/{p.pk}/").status_code == 404
