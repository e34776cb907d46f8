"""合理化建议 in the drafted documents, as the samples write it: "开展合理化建议活动，共收到建议2854条，人均1.54条，
采纳2683条，采纳率94%". Every clause names its figure, so a union without suggestions gets no sentence."""
SUMMARY = """
# 深入开展合理化建议活动
{achievements.suggestions.received|if}广泛动员职工围绕生产经营、降本增效建言献策，{achievements.suggestions.received|if}开展合理化建议活动，共收到建议{achievements.suggestions.received}，人均{achievements.suggestions.per_head}，参与职工{achievements.suggestions.authors}，采纳{achievements.suggestions.adopted}，采纳率{achievements.suggestions.adoption_rate}；评出一等奖{achievements.suggestions.first}，二等奖{achievements.suggestions.second}，三等奖{achievements.suggestions.third}，{achievements.suggestions.benefit|if}经核实创造经济效益{achievements.suggestions.benefit}。
"""
REPORT = """
{achievements.suggestions.received|if}开展合理化建议活动，共收到建议{achievements.suggestions.received}，人均{achievements.suggestions.per_head}，采纳{achievements.suggestions.adopted}，采纳率{achievements.suggestions.adoption_rate}，{achievements.suggestions.benefit|if}创造经济效益{achievements.suggestions.benefit}。
"""
PLAN = """
{achievements.suggestions.received|if}持续开展合理化建议活动，年内征集合理化建议不少于{achievements.suggestions.received|target}，采纳率保持在{achievements.suggestions.adoption_rate|target}以上。
"""
SUGGEST: list = []
WATCH = ["achievements.suggestions.received", "achievements.suggestions.adoption_rate"]
PHRASES: list = []
