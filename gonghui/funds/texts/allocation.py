"""工会经费 拨缴/上解 in the drafted documents ("经费拨缴率100%"); every clause names its figure, so a union that records
no payroll base gets no sentence about it."""
SUMMARY = """
# 加强工会经费管理
{funds.allocation.rate|if}依据《工会法》，{funds.allocation.rate|if}积极协调行政按全部职工工资总额的2%拨缴工会经费，{period}应拨缴{funds.allocation.due}，实拨缴{funds.allocation.arrived}，经费拨缴率{funds.allocation.rate}；按规定向上级工会上解经费{funds.allocation.remitted}。
"""
REPORT = """
{funds.allocation.rate|if}{period}应拨缴工会经费{funds.allocation.due}，实拨缴{funds.allocation.arrived}，经费拨缴率{funds.allocation.rate}；上解上级工会经费{funds.allocation.remitted}。
"""
PLAN = """
{funds.allocation.rate|if}协调行政按时足额拨缴工会经费，经费拨缴率保持在{funds.allocation.rate|target}以上，按规定及时上解上级工会经费。
"""
SUGGEST: list = []
WATCH = ["funds.allocation.rate"]
PHRASES: list = []
