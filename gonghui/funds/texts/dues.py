"""会费 in the drafted documents ("会费收缴率100%"): every clause names its figure, so a union that records no dues
gets no sentence about them."""
SUMMARY = """
# 规范会费收缴管理
{funds.dues.due|if}严格按照《中国工会章程》规定，{funds.dues.due|if}按会员月基本工资的0.5%核定并收缴会费，{period}应收会费{funds.dues.due}，实收会费{funds.dues.collected}，会费收缴率{funds.dues.rate}。
"""
REPORT = """
{funds.dues.due|if}{period}应收会费{funds.dues.due}，实收{funds.dues.collected}，会费收缴率{funds.dues.rate}。
"""
PLAN = """
{funds.dues.due|if}按时足额收缴会费，会费收缴率保持在{funds.dues.rate|target}以上。
"""
SUGGEST: list = []
WATCH = ["funds.dues.rate"]
PHRASES: list = []
