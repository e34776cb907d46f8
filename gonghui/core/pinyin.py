"""Pinyin of personal names, for search by full pinyin ("zhangsan") or initials ("zs")."""
from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Surnames read differently from the character's common reading.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou", "查": "zha", "乐": "yue",
    "盖": "ge", "缪": "miao", "翟": "zhai", "尉": "yu", "覃": "qin", "任": "ren", "华": "hua", "纪": "ji",
    "繁": "po", "员": "yun", "冼": "xian", "召": "shao", "万俟": "moqi", "尉迟": "yuchi", "长孙": "zhangsun",
    "重": "chong", "秘": "bi", "蕃": "pi", "能": "nai", "种": "chong", "燕": "yan", "宿": "su", "沈": "shen",
}
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯",
                     "令狐", "端木", "万俟", "轩辕", "独孤", "南宫", "西门", "百里", "呼延", "闻人", "澹台")


@lru_cache(maxsize=65536)
def name_pinyin(name: str) -> tuple[str, str]:
    """(full, initials) in lower case without spaces: 张三 → ("zhangsan", "zs"); 单田芳 → ("shantianfang", "stf")."""
    name = "".join(ch for ch in (name or "") if not ch.isspace())
    if not name:
        return "", ""
    surname_len = 2 if name[:2] in COMPOUND_SURNAMES else 1
    surname, given = name[:surname_len], name[surname_len:]
    if surname in SURNAME_READINGS:
        head = [SURNAME_READINGS[surname]] if surname_len == 1 else lazy_pinyin(surname)
        if surname_len == 2 and surname in SURNAME_READINGS:
            head = [SURNAME_READINGS[surname]]
    else:
        head = lazy_pinyin(surname, style=Style.NORMAL, errors="default")
    tail = lazy_pinyin(given, style=Style.NORMAL, errors="default")
    syllables = [s.lower() for s in head + tail if s]
    full = "".join(syllables).replace("ü", "v")
    if surname_len == 2 and surname in SURNAME_READINGS:
        initials = "".join(s[0] for s in lazy_pinyin(surname)) + "".join(s[0] for s in tail if s)
    else:
        initials = "".join(s[0] for s in syllables if s)
    return full, initials.replace("ü", "v")
