"""Pinyin of personal names, for search by full pinyin ("zhangsan") or initials ("zs")."""
from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Surnames read differently from the character's common reading.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou", "查": "zha", "乐": "yue",
    "盖": "ge", "缪": "miao", "翟": "zhai", "尉": "yu", "覃": "qin", "任": "ren", "华": "hua", "纪": "ji",
    "繁": "po", "员": "yun", "冼": "xian", "召": "shao", "万俟": "mo qi", "尉迟": "yu chi", "长孙": "zhang sun",
    "重": "chong", "秘": "bi", "蕃": "pi", "能": "nai", "种": "chong", "燕": "yan", "宿": "su", "沈": "shen",
}
# The longest reading of any character ("zhuang", "shuang", "chuang"); a character that is not Chinese counts as one
# reading of itself. Columns derived from a name are sized from this (members.models.Person.name_pinyin).
MAX_LETTERS_PER_CHAR = 6
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯",
                     "令狐", "端木", "万俟", "轩辕", "独孤", "南宫", "西门", "百里", "呼延", "闻人", "澹台")


@lru_cache(maxsize=None)
def _syllables(text: str) -> tuple[str, ...]:
    """The readings of one character (or a compound surname), cached: a roster of 100,000 people has only a few
    thousand distinct characters, so pypinyin runs a few thousand times, not once per name."""
    return tuple(s.lower().replace("ü", "v") for s in lazy_pinyin(text, style=Style.NORMAL, errors="default") if s)


def name_pinyin(name: str) -> tuple[str, str]:
    """(full, initials) in lower case without spaces: 张三 → ("zhangsan", "zs"); 单田芳 → ("shantianfang", "stf").

    Surnames with a special reading come from SURNAME_READINGS; the given name is read character by character
    (names are not phrases, so pypinyin's phrase dictionary would not help with them anyway).
    At most one syllable of at most MAX_LETTERS_PER_CHAR letters per character: a name of n characters gives at
    most 6n letters and n initials, which is what the columns holding them are sized from.
    """
    name = "".join(ch for ch in (name or "") if not ch.isspace())
    if not name:
        return "", ""
    surname_len = 2 if name[:2] in COMPOUND_SURNAMES else 1
    surname, given = name[:surname_len], name[surname_len:]
    head = SURNAME_READINGS[surname].split() if surname in SURNAME_READINGS else list(_syllables(surname))
    syllables = [s[:MAX_LETTERS_PER_CHAR] for s in head + [s for ch in given for s in _syllables(ch)]]
    return "".join(syllables), "".join(s[0] for s in syllables)
