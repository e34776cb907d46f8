"""评先评优 in the drafted documents: "获市级以上荣誉N项" and the honours by level, every clause with its figure."""
SUMMARY = """
# 选树先进典型
{achievements.honours.total|if}大力弘扬劳模精神、劳动精神、工匠精神，{period}共获得各级荣誉{achievements.honours.total}，其中获市级以上荣誉{achievements.honours.city_plus}，包括全国荣誉{achievements.honours.national}，省级荣誉{achievements.honours.province}，市级荣誉{achievements.honours.city}；{achievements.honours.people|if}表彰先进个人{achievements.honours.people}、先进集体{achievements.honours.units}。
"""
REPORT = """
{achievements.honours.total|if}{period}获得各级荣誉{achievements.honours.total}，其中获市级以上荣誉{achievements.honours.city_plus}。
"""
PLAN = """
{achievements.honours.total|if}做好评先评优和劳模推荐工作，{achievements.honours.total|if}选树一批可学可比的先进典型。
"""
SUGGEST: list = []
WATCH = ["achievements.honours.city_plus"]
PHRASES: list = []
