"""Honours: recorded, nominated → publicised → approved, a person outside the union refused, 劳模 on the person,
the person page's 荣誉 tab."""
import datetime

import pytest
from django.urls import reverse

from gonghui.achievements.models import Honour, HonourLevel, HonourTitle
from gonghui.achievements.services import honours as services
from gonghui.core.errors import ServiceError
from gonghui.members.models import Person

H = Honour.State


def _record(w, **extra):
    values = dict(actor=None, union=w["company"], kind=Honour.Kind.PERSON, person=w["judges"][0],
                  title=HonourTitle.MODEL_WORKER, name="2024年市劳动模范", level=HonourLevel.CITY, year=2024,
                  awarded_by="市人民政府", awarded_on=datetime.date(2024, 4, 28))
    values.update(extra)
    return services.honour_record(**values)


def test_record_once_and_model_worker_category(world):
    h = _record(world)
    assert _record(world).pk == h.pk
    person = Person.objects.get(pk=world["judges"][0].pk)
    assert person.model_worker == Person.ModelWorker.MUNICIPAL and "市级劳动模范" in person.categories
    _record(world, name="2023年区劳动模范", level=HonourLevel.COUNTY, year=2023, awarded_on=datetime.date(2023, 4, 28))
    assert Person.objects.get(pk=person.pk).model_worker == Person.ModelWorker.MUNICIPAL  # a lower one keeps it


def test_person_outside_union_and_bad_input(world):
    with pytest.raises(ServiceError, match="不是甲公司工会的职工"):
        _record(world, person=world["b_person"])
    with pytest.raises(ServiceError, match="集体荣誉"):
        _record(world, title=HonourTitle.PIONEER)
    with pytest.raises(ServiceError, match="与年度"):
        _record(world, awarded_on=datetime.date(2021, 4, 28))
    with pytest.raises(ServiceError) as exc:
        _record(world, actor=world["officer_b"])
    assert exc.value.code == "out_of_scope"


def test_nomination_flow(world):
    h = services.honour_nominate(actor=world["officer"], union=world["company"], kind=Honour.Kind.PERSON,
                                 person=world["author"], title=HonourTitle.ADVANCED_PERSON, name="2025年度先进个人",
                                 year=2025, nominated_on=datetime.date(2025, 12, 1))
    assert h.state == H.NOMINATED and h.level == HonourLevel.INTERNAL
    with pytest.raises(ServiceError, match="须经公示"):
        services.honour_approve(actor=world["officer"], honour=h, approved_on=datetime.date(2025, 12, 20))
    with pytest.raises(ServiceError, match="不少于5天"):
        services.honour_publicise(actor=world["officer"], honour=h, starts_on=datetime.date(2025, 12, 2),
                                  ends_on=datetime.date(2025, 12, 4))
    h = services.honour_publicise(actor=world["officer"], honour=h, starts_on=datetime.date(2025, 12, 2),
                                  ends_on=datetime.date(2025, 12, 8))
    with pytest.raises(ServiceError, match="期满后"):
        services.honour_approve(actor=world["officer"], honour=h, approved_on=datetime.date(2025, 12, 8))
    h = services.honour_approve(actor=world["officer"], honour=h, approved_on=datetime.date(2025, 12, 10))
    assert h.state == H.APPROVED and h.awarded_on == datetime.date(2025, 12, 10)
    with pytest.raises(ServiceError, match="已被推荐"):
        services.honour_nominate(actor=world["officer"], union=world["company"], kind=Honour.Kind.PERSON,
                                 person=world["author"], title=HonourTitle.ADVANCED_PERSON, name="2025年度先进个人",
                                 year=2025)


def test_person_page_has_honours_tab(client, world):
    _record(world)
    client.force_login(world["officer"])
    url = reverse("members:person_detail", args=[world["judges"][0].pk])
    html = client.get(url).content.decode()
    assert "?tab=honours" in html
    html = client.get(url + "?tab=honours").content.decode()
    assert "2024年市劳动模范" in html and "市级" in html
