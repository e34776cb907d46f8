import datetime
from decimal import Decimal

from django.urls import reverse

from gonghui.care import services
from gonghui.care.models import Condolence, Occasion
from gonghui.core.models import AuditEntry


def _visit(officer, person):
    return services.condolence_record(actor=officer, person=person, occasion=Occasion.HOSPITAL,
                                      visited_on=datetime.date.today(), amount=Decimal("500"))


def test_officer_corrects_an_amount_and_the_change_is_audited(client, tree, officer_a, make_person):
    person = make_person(tree["company"], "住院职工")
    c = _visit(officer_a, person)
    client.force_login(officer_a)
    assert reverse("care:condolence_edit", args=[c.pk]) in client.get(reverse("care:condolence_detail", args=[c.pk])).content.decode()
    data = {"visited_on": c.visited_on.isoformat(), "visitors": "工会主席", "form": c.form, "gift": "",
            "amount": "600", "funding_source": c.funding_source, "over_cap_reason": "", "note": ""}
    assert client.post(reverse("care:condolence_edit", args=[c.pk]), data).status_code == 302
    c.refresh_from_db()
    assert c.amount == Decimal("600.00") and c.visitors == "工会主席"
    assert AuditEntry.objects.filter(action="update", object_id=str(c.pk), changes__has_key="amount").exists()


def test_another_unions_visit_cannot_be_edited(client, tree, officer_b, officer_a, make_person):
    c = _visit(officer_a, make_person(tree["company"], "甲"))
    client.force_login(officer_b)
    assert client.get(reverse("care:condolence_edit", args=[c.pk])).status_code == 404
    assert client.post(reverse("care:condolence_edit", args=[c.pk]), {"amount": "1"}).status_code == 404
    assert Condolence.objects.get(pk=c.pk).amount == Decimal("500.00")
