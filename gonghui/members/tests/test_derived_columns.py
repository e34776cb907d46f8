"""Columns derived from a person's name hold whatever the name allows (issue 8: a Latin name of 31–50 letters
overflowed name_initials: 500 through the API on PostgreSQL, a failed import, a person that could no longer be
edited on SQLite)."""
from __future__ import annotations

import importlib
import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from gonghui.core.pinyin import MAX_LETTERS_PER_CHAR, name_pinyin
from gonghui.members import services
from gonghui.members.models import Person

from .import_helpers import new_id, row, xlsx_bytes

LATIN_50 = "Maximilianalexanderchristophersonwellingtonsmithea"  # 50 letters, one word: 50 initials
CHINESE_50 = "庄" + "双" * 49  # 50 characters of six-letter syllables: 300 letters of pinyin


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def api_a(officer_a):
    api = APIClient()
    api.force_login(officer_a)
    return api


def test_the_names_longest_derivations_fit_their_columns():
    assert len(LATIN_50) == len(CHINESE_50) == Person._meta.get_field("name").max_length
    full, initials = name_pinyin(CHINESE_50)
    assert len(full) == 300 and len(initials) == 50
    assert Person._meta.get_field("name_pinyin").max_length >= 50 * MAX_LETTERS_PER_CHAR
    assert Person._meta.get_field("name_initials").max_length >= 50
    # Whatever a character turns into, it yields at most MAX_LETTERS_PER_CHAR letters (İ lowers to two code points).
    full, initials = name_pinyin("İ" * 50)
    assert len(full) <= 50 * MAX_LETTERS_PER_CHAR and len(initials) <= 50


@pytest.mark.parametrize("name", [LATIN_50, CHINESE_50])
def test_api_creates_and_edits_a_person_with_a_fifty_character_name(api_a, tree, name):
    created = api_a.post("/api/people/", {"org": tree["company"].pk, "name": name, "gender": "M"}, format="json")
    assert created.status_code == 201, created.content
    person = Person.objects.get(pk=created.json()["id"])
    assert (person.name_pinyin, person.name_initials) == name_pinyin(name)
    edited = api_a.patch(f"/api/people/{person.pk}/", {"version": person.version, "post": "班组长"}, format="json")
    assert edited.status_code == 200, edited.content
    found = api_a.get("/api/people/", {"q": name_pinyin(name)[1]}).json()
    assert [p["id"] for p in found["results"]] == [person.pk]


def test_service_edit_of_a_long_name(tree):
    person = services.person_create(org=tree["company"], name=LATIN_50, gender="F")
    updated = services.person_update(person=person, version=person.version, name=LATIN_50[:-1] + "z", note="改名")
    updated.refresh_from_db()
    assert updated.name_initials == LATIN_50[:-1].lower() + "z" and updated.note == "改名"


def run_import(tmp_path, rows, *args) -> str:
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    out = io.StringIO()
    call_command("import-members", str(path), "--org", "A", *args, stdout=out)
    return out.getvalue()


def test_import_of_long_names_new_and_renamed(tmp_path, tree, officer_a):
    number, other = new_id(), new_id(female=True)
    out = run_import(tmp_path, [row(LATIN_50, number, 性别="男"), row("短名", other, 性别="女")],
                     "--user", "officer_a")
    assert "已导入" in out, out
    person = Person.objects.get(id_number=number)
    assert (person.name_pinyin, person.name_initials) == name_pinyin(LATIN_50)
    # The same people again, the second one renamed to a long name: an update.
    out = run_import(tmp_path, [row(LATIN_50, number, 性别="男"), row(CHINESE_50, other, 性别="女")],
                     "--user", "officer_a")
    assert "已导入" in out, out
    renamed = Person.objects.get(id_number=other)
    assert (renamed.name, renamed.name_pinyin, renamed.name_initials) == (CHINESE_50, *name_pinyin(CHINESE_50))


def test_migration_mends_truncated_derivations(tree):
    long_one = services.person_create(org=tree["company"], name=LATIN_50, gender="M")
    chinese = services.person_create(org=tree["company"], name=CHINESE_50, gender="M")
    plain = services.person_create(org=tree["company"], name="张三", gender="M")
    # As a database that cut them at the old widths would hold them (and a short name spoiled some other way is
    # left alone: only the names long enough to have been cut are recomputed).
    Person.objects.filter(pk=long_one.pk).update(name_initials=LATIN_50[:30].lower())
    full, initials = name_pinyin(CHINESE_50)
    Person.objects.filter(pk=chinese.pk).update(name_pinyin=full[:120], name_initials=initials[:30])
    Person.objects.filter(pk=plain.pk).update(name_initials="zs")
    migration = importlib.import_module("gonghui.members.migrations.0005_derived_columns_sized_from_source")
    from django.apps import apps

    migration.mend_derived_names(apps, None)
    long_one.refresh_from_db(), chinese.refresh_from_db(), plain.refresh_from_db()
    assert (long_one.name_pinyin, long_one.name_initials) == name_pinyin(LATIN_50)
    assert (chinese.name_pinyin, chinese.name_initials) == name_pinyin(CHINESE_50)
    assert plain.name_initials == "zs"
