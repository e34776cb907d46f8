"""Women workers' special protection in the drafted documents ("开展女职工维权行动月活动N场", "“三期”女职工N人")."""
SUMMARY = """
# 做好女职工特殊保护
{rights.women.campaign|if}结合“三八”国际妇女节开展女职工维权行动月活动{rights.women.campaign}，{rights.women.campaign|if}宣传《女职工劳动保护特别规定》。
{rights.women.register|if}建立“三期”女职工台账，期末在册“三期”女职工{rights.women.register}，{rights.women.register|if}督促落实孕期、产期、哺乳期各项特殊保护。
"""
REPORT = """
{period}开展女职工维权行动月活动{rights.women.campaign}；期末在册“三期”女职工{rights.women.register}。
"""
PLAN = """
{rights.women.register|if}落实女职工特殊劳动保护，{rights.women.register|if}对“三期”女职工逐人登记、跟踪保护措施落实。
"""
WATCH: list = []
