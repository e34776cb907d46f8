"""技术创新 in the drafted documents: "开展技术创新项目N项，获得专利M项，其中发明专利K项；建成职工创新工作室J个".
Every clause names its figure, so a union without innovation work gets no sentence about it."""
SUMMARY = """
# 推动职工技术创新
{achievements.innovation.projects|if}围绕企业技术难题组织职工开展技术攻关和创新，{period}开展技术创新项目{achievements.innovation.projects}，结题{achievements.innovation.finished}，{achievements.innovation.benefit|if}结题项目创造经济效益{achievements.innovation.benefit}；{achievements.innovation.patents|if}获得专利{achievements.innovation.patents}，其中发明专利{achievements.innovation.invention}。
{achievements.innovation.studios|if}发挥创新工作室示范引领作用，建成职工（劳模）创新工作室{achievements.innovation.studios}，其中经命名的{achievements.innovation.studios_named}。
"""
REPORT = """
{achievements.innovation.projects|if}开展技术创新项目{achievements.innovation.projects}，{achievements.innovation.patents|if}获得专利{achievements.innovation.patents}，其中发明专利{achievements.innovation.invention}；{achievements.innovation.studios|if}建成职工创新工作室{achievements.innovation.studios}。
"""
PLAN = """
{achievements.innovation.studios|if}加强职工（劳模）创新工作室建设，{achievements.innovation.projects|if}年内组织技术创新项目不少于{achievements.innovation.projects|target}。
"""
SUGGEST: list = []
WATCH = ["achievements.innovation.patents"]
PHRASES: list = []
