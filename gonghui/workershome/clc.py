"""中图法 (《中国图书馆分类法》第五版) top-level classes (基本大类): the letter and its name. Data, not code paths:
a catalogue row names its class by letter ("I") or by name ("文学"); "I247" (a full call number) counts as I."""
from __future__ import annotations

CLASSES: tuple[tuple[str, str], ...] = (
    ("A", "马克思主义、列宁主义、毛泽东思想、邓小平理论"),
    ("B", "哲学、宗教"),
    ("C", "社会科学总论"),
    ("D", "政治、法律"),
    ("E", "军事"),
    ("F", "经济"),
    ("G", "文化、科学、教育、体育"),
    ("H", "语言、文字"),
    ("I", "文学"),
    ("J", "艺术"),
    ("K", "历史、地理"),
    ("N", "自然科学总论"),
    ("O", "数理科学和化学"),
    ("P", "天文学、地球科学"),
    ("Q", "生物科学"),
    ("R", "医药、卫生"),
    ("S", "农业科学"),
    ("T", "工业技术"),
    ("U", "交通运输"),
    ("V", "航空、航天"),
    ("X", "环境科学、安全科学"),
    ("Z", "综合性图书"),
)
NAMES = dict(CLASSES)
CHOICES = [(letter, f"{letter} {name}") for letter, name in CLASSES]


def parse(raw) -> str:
    """The class letter of "I", "i247.5", "文学", "I 文学"; ValueError with the Chinese reason otherwise."""
    text = str(raw or "").strip()
    if not text:
        return ""
    first = text[0].upper()
    if first in NAMES:
        return first
    for letter, name in CLASSES:
        if text == name or text in name.split("、"):
            return letter
    raise ValueError(f"“{text}”不是中图法基本大类（填字母如 I，或类名如 文学）")
