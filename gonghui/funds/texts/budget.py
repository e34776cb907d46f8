"""预算执行 and 经审 in the drafted documents ("严格执行经费预算……预算执行率…", "经费审查委员会……提出问题…个，已整改…个"):
every clause names its figure, so a union without a budget or without the committee's findings gets no sentence."""
SUMMARY = """
# 严格经费预算管理和经费审查
{funds.budget.expense_budget|if}坚持先预算后支出，{period}支出预算{funds.budget.expense_budget}，实际支出{funds.budget.expense_actual}，预算执行率{funds.budget.execution}；{funds.budget.over_lines|if}超出预算的支出科目{funds.budget.over_lines}。
{funds.rules.breaches|if}对照经费使用规定逐笔核对支出，发现不符合规定的支出{funds.rules.breaches}。
{funds.audit.findings|if}经费审查委员会对经费收支进行审查，提出问题{funds.audit.findings}，已整改{funds.audit.resolved}，整改率{funds.audit.resolution}。
"""
REPORT = """
{funds.budget.expense_budget|if}{period}支出预算{funds.budget.expense_budget}，实际支出{funds.budget.expense_actual}，预算执行率{funds.budget.execution}。
{funds.audit.findings|if}经费审查委员会提出问题{funds.audit.findings}，已整改{funds.audit.resolved}。
"""
PLAN = """
{funds.budget.expense_budget|if}科学编制年度经费预算，严格按预算支出，预算执行率保持在{funds.budget.execution|target}以上。
{funds.audit.findings|if}支持经费审查委员会依法开展审查，经审发现问题整改率达到{funds.audit.resolution|target}。
"""
SUGGEST: list = []
WATCH = ["funds.budget.execution"]
PHRASES: list = []
