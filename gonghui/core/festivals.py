"""The union calendar: festivals of a year, lunar ones computed (lunar_python), and what is coming up."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from lunar_python import Lunar

# (code, name, month, day, statutory holiday, what unions usually do)
SOLAR = [
    ("yuandan", "元旦", 1, 1, True, "送温暖走访、迎新春活动"),
    ("funv", "三八妇女节", 3, 8, False, "女职工活动、健康体检"),
    ("laodong", "五一劳动节", 5, 1, True, "劳动竞赛表彰、红五月活动"),
    ("qingnian", "五四青年节", 5, 4, False, "青年职工活动"),
    ("ertong", "六一儿童节", 6, 1, False, "会员子女慰问"),
    ("jiandang", "七一建党节", 7, 1, False, "主题党日、走访老党员"),
    ("jianjun", "八一建军节", 8, 1, False, "走访慰问军烈属、退役军人"),
    ("jiaoshi", "教师节", 9, 10, False, "学校工会慰问教师"),
    ("guoqing", "国庆节", 10, 1, True, "节日慰问"),
]
# (code, name, lunar month, lunar day, statutory, usual work)
LUNAR = [
    ("chunjie", "春节", 1, 1, True, "元旦春节送温暖、困难职工慰问"),
    ("yuanxiao", "元宵节", 1, 15, False, "猜灯谜等文体活动"),
    ("duanwu", "端午节", 5, 5, True, "端午慰问"),
    ("zhongqiu", "中秋节", 8, 15, True, "中秋慰问、联欢"),
    ("chongyang", "重阳节", 9, 9, False, "走访慰问退休职工"),
]
# (code, name, solar term, statutory, usual work)
TERMS = [
    ("qingming", "清明节", "清明", True, "缅怀先烈活动"),
    ("dongzhi", "冬至", "冬至", False, "冬季送温暖"),
]
# lunar_python's table of a lunar year names a term twice when it occurs at both ends of that year:
# the earlier one in Chinese, the later one in capitals ("冬至" = last December's, "DONG_ZHI" = this December's).
TERM_ALIASES = {"冬至": "DONG_ZHI", "清明": "QING_MING"}


@dataclass(frozen=True)
class Festival:
    code: str
    name: str
    date: datetime.date
    statutory: bool
    customs: str
    lunar: bool


def _solar_date(solar) -> datetime.date:
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())


def festivals(year: int) -> list[Festival]:
    """All festivals falling in the Gregorian `year`, in date order (除夕 included: the eve of 春节)."""
    result = [Festival(code, name, datetime.date(year, m, d), stat, customs, False)
              for code, name, m, d, stat, customs in SOLAR]
    for code, name, m, d, stat, customs in LUNAR:
        result.append(Festival(code, name, _solar_date(Lunar.fromYmd(year, m, d).getSolar()), stat, customs, True))
    spring = _solar_date(Lunar.fromYmd(year, 1, 1).getSolar())
    result.append(Festival("chuxi", "除夕", spring - datetime.timedelta(days=1), True, "送温暖、值班慰问", True))
    table = Lunar.fromYmd(year, 3, 1).getJieQiTable()
    for code, name, term, stat, customs in TERMS:
        days = [_solar_date(table[key]) for key in (term, TERM_ALIASES.get(term)) if key in table]
        for day in days:
            if day.year == year:
                result.append(Festival(code, name, day, stat, customs, False))
                break
    return sorted((f for f in result if f.date.year == year), key=lambda f: f.date)


def upcoming(day: datetime.date, within_days: int = 30) -> list[Festival]:
    """Festivals from `day` to `day + within_days`, across a year end."""
    end = day + datetime.timedelta(days=within_days)
    found = [f for year in {day.year, end.year} for f in festivals(year) if day <= f.date <= end]
    return sorted(found, key=lambda f: f.date)
