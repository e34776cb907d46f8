"""Funds (经费管理): the employer register and 建会 (用人单位与建会), dues (会费); later union funds (工会经费 拨缴/上解),
the ledger (收支账), budgets (预算、决算), fund rules (经费使用规定) and the audit committee (经费审查).

The app is a package of rooms (the shape of gonghui/democracy), one module per part in each of these folders:
- models/       employers.py (Employer, FoundingVisit, FoundingThreshold), dues.py (DuesPolicy, DuesExemption, Wage,
                DuesCharge, DuesReceipt, DuesPayment), ledger.py (LedgerEntry, LedgerAttachment, ClosedMonth),
                allocation.py (AllocationPolicy, AllocationBase, AllocationArrival, Remittance) — models/__init__.py
                imports them all; budget.py, rules.py, audit.py come later
- links.py      the ledger's link point: areas declare LedgerSources in <app>/ledger_links.py (care's payments,
                dues receipts and remittances received in funds/ledger_links.py); services/publication.py publishes
                the year's statements as open-affairs items
- services/     every write; keyword-only, first argument `actor` (the acting user; None = the system)
- selectors/    every read, scoped to the user (404 outside scope)
- views/, urls/ pages (urls/__init__.py includes each part's patterns in the `funds` namespace)
- api/          viewsets; api.register(router) is called by gonghui/api_urls.py
- metrics/      each part's figures (METRICS, KEY, CHARTS); metrics_registry.py registers them as area "funds"
- texts/        each part's wording (建会 in 组织建设 terms, 会费 in 经费管理); report_texts.py joins them
- portal/       each part's member entries (我的会费) and to-dos (portal plug points)
- importing.py  the spreadsheets the import engine reads: the employer register, the payroll (monthly basic wage)

Permissions (accounts.roles.Perm): FUNDS_VIEW (read the register, dues and funds records in scope), FUNDS_EDIT
(record and change them), FUNDS_STATS (the figures of a subtree without the records); FINANCE_VIEW and the 经审 role
(AUDITOR) read. An upper union keeps the employer register (Employer.org is the keeping union); a grassroots union
keeps its members' dues.
"""
