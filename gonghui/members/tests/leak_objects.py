"""Union B's objects of the members app that tests/test_scope_leaks.py does not make by itself."""
from django.core.files.base import ContentFile

from gonghui.members.models import ImportBatch


def create(b: dict) -> None:
    batch = ImportBatch(org=b["union"], created_by=b["officer"], original_name="乙学校花名册.csv", file_kind="csv")
    batch.file.save("leak-b.csv", ContentFile("姓名,身份证号\n".encode()), save=False)
    batch.save()
