"""Mass safety campaigns in the drafted documents ("358个班组参加安康杯竞赛", "培训群众安全生产监督员45人"): every
clause names its figure."""
SUMMARY = """
# 深入开展群众性安全生产活动
{rights.safety.campaigns|if}{period}组织开展“安康杯”竞赛、“安全生产月”等群众性安全生产活动{rights.safety.campaigns}，{rights.safety.teams}班组参加安康杯竞赛，培训群众安全生产监督员{rights.safety.supervisors_trained}，{rights.safety.campaigns|if}职工安全意识和自我保护能力进一步提高。
"""
REPORT = """
{period}开展群众性安全生产活动{rights.safety.campaigns}，{rights.safety.teams}班组参加安康杯竞赛，培训群众安全生产监督员{rights.safety.supervisors_trained}。
"""
PLAN = """
{rights.safety.campaigns|if}继续深化“安康杯”竞赛和“安全生产月”活动，{rights.safety.supervisors_trained|if}加强群众安全生产监督员队伍建设。
"""
WATCH: list = []
