"""建家 standards as data: the items of a level with their points ("八有"), and the score a self-assessment needs to
apply. Dated by `since` so that a later edition can be added beside this one (a 2025 application keeps the items it
was scored on: they are copied into the application)."""
from __future__ import annotations

import datetime

EIGHT_HAVES = (  # 模范/先进职工之家 “八有”
    ("organisation", "有健全的工会组织：按期换届，委员会、经审会、女职委健全", 15),
    ("place", "有固定的活动阵地：职工之家、职工书屋、活动室等场所和设施", 15),
    ("rules", "有完善的工作制度：会务公开、民主管理、经费管理等制度", 10),
    ("activities", "有经常性的活动：文体、读书、技能竞赛等活动经常开展", 15),
    ("funds", "有必要的活动经费：经费收缴、使用规范", 10),
    ("records", "有规范的工作台账：会员、活动、帮扶等台账齐全", 10),
    ("care", "有帮扶关怀机制：困难职工建档、送温暖等落实", 10),
    ("satisfaction", "有职工满意的评议：职工对工会工作满意率高", 15),
)
SMALL_HOME = (  # 职工小家
    ("team", "有班组（车间）工会小组和小组长", 25),
    ("corner", "有活动角（室）和基本设施", 25),
    ("activities", "有经常性的小组活动", 25),
    ("satisfaction", "有组员满意的评议", 25),
)

LEVELS = {
    "model": ("模范职工之家", EIGHT_HAVES, 90),
    "advanced": ("先进职工之家", EIGHT_HAVES, 80),
    "small": ("模范职工小家", SMALL_HOME, 85),
}
SINCE = datetime.date(2020, 1, 1)
