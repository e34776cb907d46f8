import pytest

from gonghui.core.pinyin import name_pinyin


@pytest.mark.parametrize("name,full,initials", [
    ("张三", "zhangsan", "zs"), ("单田芳", "shantianfang", "stf"), ("曾志伟", "zengzhiwei", "zzw"),
    ("欧阳娜娜", "ouyangnana", "oynn"), ("尉迟恭", "yuchigong", "ycg"), ("长孙无忌", "zhangsunwuji", "zswj"),
    ("吕布", "lvbu", "lb"), ("李 四", "lisi", "ls"), ("", "", ""),
])
def test_name_pinyin(name, full, initials):
    assert name_pinyin(name) == (full, initials)
