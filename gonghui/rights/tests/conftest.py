"""Fixtures of the rights tests: a member with an account, a department with its contact, a photo."""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.accounts.roles import Role


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def png_bytes(size=(8, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def photo():
    return SimpleUploadedFile("隐患.png", png_bytes(), content_type="image/png")


@pytest.fixture
def member(tree, make_person, make_user):
    person = make_person(tree["branch"], "李工", phone="13800001111")
    return make_user("member_li", Role.MEMBER, tree["branch"], person=person)


@pytest.fixture
def department(tree, make_user):
    from gonghui.democracy.services.proposals import department_save

    contact = make_user("dept_safety", Role.DEPARTMENT, tree["company"])
    dept = department_save(actor=None, org=tree["company"], name="安全环保部", contacts=[contact])
    dept.contact = contact
    return dept
