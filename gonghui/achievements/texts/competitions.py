"""劳动竞赛 and 师带徒 in the drafted documents ("358个班组参加安康杯竞赛", "结成师徒对子11对")."""
SUMMARY = """
# 广泛开展劳动竞赛和技能比武
{achievements.competitions.count|if}围绕安全生产和提质增效，{period}组织开展劳动竞赛和技能比武{achievements.competitions.count}，参赛班组{achievements.competitions.teams}，参赛职工{achievements.competitions.entrants}，评出获奖班组（个人）{achievements.competitions.awards}。
{achievements.mentoring.pairs|if}深化“师带徒”活动，{period}结成师徒对子{achievements.mentoring.pairs}，{achievements.mentoring.passed}经考核出师。
"""
REPORT = """
{achievements.competitions.count|if}{period}开展劳动竞赛和技能比武{achievements.competitions.count}，参赛班组{achievements.competitions.teams}；{achievements.mentoring.pairs|if}结成师徒对子{achievements.mentoring.pairs}。
"""
PLAN = """
{achievements.competitions.count|if}继续开展安康杯、技能比武等劳动竞赛，{achievements.competitions.count|if}以赛促学、以赛促练。
"""
SUGGEST: list = []
WATCH: list = []
PHRASES: list = []
