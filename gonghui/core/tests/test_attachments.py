"""One attachment base (core.models.Attachment) for the areas' documents; its move changed no table."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from gonghui.care.models import AssistanceAttachment
from gonghui.core.models import Attachment, AuditedModel
from gonghui.portal.models import NoticeAttachment


@pytest.mark.parametrize("model", [NoticeAttachment, AssistanceAttachment])
def test_the_areas_attachments_share_the_base(model):
    assert issubclass(model, Attachment) and issubclass(Attachment, AuditedModel) and Attachment._meta.abstract
    for name in ("name", "uploaded_by", "uploaded_at"):
        assert model._meta.get_field(name).model is model  # inherited from the abstract base, a column of its own
    assert model.audit_exclude == ("uploaded_at", "file")
    assert str(model(name="诊断证明.pdf")) == "诊断证明.pdf"


@pytest.mark.parametrize("model, folder", [(NoticeAttachment, "portal/notices/7/"),
                                           (AssistanceAttachment, "care/assistance/7/")])
def test_upload_paths_are_random_names_under_the_records_folder(model, folder):
    owner = "notice_id" if model is NoticeAttachment else "assistance_id"
    path = model._meta.get_field("file").upload_to(model(**{owner: 7}), "证明.PDF")
    assert path.startswith(folder) and path.endswith(".pdf") and len(path) == len(folder) + 32 + 4


@pytest.mark.django_db
def test_the_move_needs_no_migration():
    call_command("makemigrations", "portal", "care", check=True, dry_run=True, verbosity=0)


def test_care_checks_attachments_like_notices(db, tree, make_person, officer_a):
    from gonghui.care import services
    from gonghui.care.models import Assistance
    from gonghui.core.errors import ServiceError

    a = services.assistance_create(actor=officer_a, person=make_person(tree["company"]), kind=Assistance.Kind.DAILY,
                                   amount="100", reason="困难")
    with pytest.raises(ServiceError, match="内容与扩展名不符"):
        services.assistance_attach(actor=officer_a, assistance=a, file=SimpleUploadedFile("诊断.pdf", b"MZ\x90\x00"))
    ok = services.assistance_attach(actor=officer_a, assistance=a, file=SimpleUploadedFile("诊断.pdf", b"%PDF-1.4"))
    assert ok.name == "诊断.pdf"
