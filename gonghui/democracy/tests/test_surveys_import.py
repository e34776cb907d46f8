"""Paper survey counts through the import engine: rows per unit added up per survey; bad counts refused in Chinese,
nothing written."""
import io

import pytest
from django.core.management import CommandError, call_command

from gonghui.democracy.models import Survey

from .test_surveys_services import make_survey, world  # noqa: F401


def _csv(tmp_path, lines, name="counts.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_counts_per_unit_are_added_up(tmp_path, world):
    s, _ = make_survey(world)
    path = _csv(tmp_path, ["问卷标题,单位,发放份数,回收份数,有效份数",
                           f"{s.title},一车间,50,48,45", f"{s.title},二车间,30,27,27"])
    out = io.StringIO()
    call_command("import", "democracy_survey_counts", path, "--org", "A", "--user", "officer_a", stdout=out)
    assert "已导入" in out.getvalue()
    s.refresh_from_db()
    assert (s.paper_issued, s.paper_returned, s.paper_valid) == (80, 75, 72)
    assert (s.issued, s.returned, s.valid) == (84, 75, 72)


def test_bad_counts_and_unknown_survey_are_refused(tmp_path, world):
    s, _ = make_survey(world)
    draft, _ = make_survey(world, open_=False)
    Survey.objects.filter(pk=draft.pk).update(title="草稿问卷")
    path = _csv(tmp_path, ["问卷标题,发放,回收,有效", f"{s.title},50,48,49", "没有这份问卷,1,1,1", "草稿问卷,1,1,1",
                           f"{s.title},十,1,1"])
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "democracy_survey_counts", path, "--org", "A", "--user", "officer_a", stdout=out,
                     stderr=out)
    text = out.getvalue()
    assert "有效份数（49）不能多于回收份数（48）" in text and "没有这份已发布的问卷" in text and "应为" in text
    s.refresh_from_db()
    assert (s.paper_issued, s.paper_returned, s.paper_valid) == (0, 0, 0)
