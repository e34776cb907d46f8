"""收支 in the drafted documents: income and spending from the booked ledger, the categories the summaries name
(职工活动、维权、职工服务支出), and the statement published to members (财务收支公开). Every clause names its figure."""
SUMMARY = """
{funds.ledger.expense|if}坚持工会经费“取之于职工、用之于职工”，{funds.ledger.expense|if}严格执行工会会计制度，{period}工会经费收入{funds.ledger.income}，支出{funds.ledger.expense}，其中职工活动支出{funds.ledger.activities}，维权支出{funds.ledger.rights}，职工服务支出{funds.ledger.services}，业务支出{funds.ledger.business}。
"""
REPORT = """
{funds.ledger.expense|if}{period}工会经费收入{funds.ledger.income}，支出{funds.ledger.expense}，其中职工活动支出{funds.ledger.activities}，维权支出{funds.ledger.rights}。
"""
PLAN = """
{funds.ledger.expense|if}严格执行工会会计制度和经费使用规定，{funds.ledger.expense|if}把有限的经费用在职工活动、帮扶维权等职工最需要的地方，每年向会员公开经费收支情况。
"""
SUGGEST: list = []
WATCH = ["funds.ledger.expense"]
PHRASES: list = []
