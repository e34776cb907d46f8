"""Women workers' special protection and 女职工工作 in the drafted documents ("开展女职工维权行动月活动N场",
"“三期”女职工N人", "为N名女职工办理安康互助保障", "组织女职工N人进行“两癌”筛查等专项体检")."""
SUMMARY = """
# 做好女职工特殊保护
{rights.women.campaign|if}结合“三八”国际妇女节开展女职工维权行动月活动{rights.women.campaign}，{rights.women.campaign|if}宣传《女职工劳动保护特别规定》。
{rights.women.register|if}建立“三期”女职工台账，期末在册“三期”女职工{rights.women.register}，{rights.women.register|if}督促落实孕期、产期、哺乳期各项特殊保护。
{rights.women.contract_checks|if}监督女职工权益保护专项集体合同履行，{period}开展专项集体合同履约检查{rights.women.contract_checks}。
{rights.women.mutual_aid|if}为{rights.women.mutual_aid}女职工办理安康互助保障，{rights.women.mutual_aid_claims|if}为患病女职工给付互助保障金{rights.women.mutual_aid_claims}；{rights.women.health_checks|if}组织女职工{rights.women.health_checks}进行“两癌”筛查等专项体检。
"""
REPORT = """
{period}开展女职工维权行动月活动{rights.women.campaign}；期末在册“三期”女职工{rights.women.register}。
{period}开展女职工专项集体合同履约检查{rights.women.contract_checks}；为{rights.women.mutual_aid}女职工办理安康互助保障，给付互助保障金{rights.women.mutual_aid_claims}；组织女职工{rights.women.health_checks}进行专项体检。
"""
PLAN = """
{rights.women.register|if}落实女职工特殊劳动保护，{rights.women.register|if}对“三期”女职工逐人登记、跟踪保护措施落实。
{rights.women.contract_checks|if}每年对女职工权益保护专项集体合同履行情况开展检查，{rights.women.contract_checks|if}发现问题督促整改到位。
{rights.women.mutual_aid|if}继续推进女职工安康互助保障，参保女职工不少于{rights.women.mutual_aid|target}；{rights.women.health_checks|if}坚持每年组织女职工专项体检。
"""
WATCH: list = []
