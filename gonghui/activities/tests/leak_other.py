"""Union-B training, meetings and publicity for tests/test_scope_leaks.py (called by leak_objects.create)."""
import datetime

from django.core.files.base import ContentFile

from gonghui.activities.services import meetings, publicity, training


def create(b: dict) -> None:
    school, day = b["union"], datetime.date(2024, 3, 1)
    c = training.course_save(actor=None, org=school, title="乙校班主任培训", kind="skill", starts_on=day, hours=4)
    training.attendees_add(actor=None, course=c, people=b["people"][:2], signed_in=True)
    training.material_add(actor=None, course=c, file=ContentFile("%PDF-1.4 乙校讲义".encode(), name="乙校讲义.pdf"))
    m = meetings.meeting_save(actor=None, org=school, kind="committee", title="乙校工会委员会会议", held_on=day,
                              attendees="乙校甲老师、乙校乙老师", minutes="乙校会议纪要")
    meetings.decision_add(actor=None, meeting=m, text_="乙校议定事项", owner="乙校甲老师",
                          due_on=day + datetime.timedelta(days=10))
    publicity.newsletter_publish(actor=None, org=school, title="乙校工会简报", published_on=day)
    publicity.article_submit(actor=None, org=school, title="乙校投稿", author="乙校乙老师", outlet="教育报",
                             level="city", submitted_on=day)
