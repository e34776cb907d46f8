"""Democratic management (民主管理): congress (职代会/教代会/会员代表大会), proposals (提案), open affairs (厂务公开),
democratic evaluation and surveys (民主评议、问卷), collective contracts (集体合同), opinions (职工意见建议).

The app is a package of rooms, one room per part in each of these folders:
- models/       congress.py (Congress, Term, Delegation, Delegate, sessions …), proposals.py, openaffairs.py,
                surveys.py, contracts.py, opinions.py — models/__init__.py imports them all
- services/     every write; keyword-only, first argument `actor` (the acting user; None = the system)
- selectors/    every read, scoped to the user (404 outside scope)
- views/, urls/ pages (urls/__init__.py includes each part's patterns in the `democracy` namespace)
- api/          viewsets; api.register(router) is called by gonghui/api_urls.py
- metrics/      each part's figures (METRICS, KEY, CHARTS); metrics_registry.py registers them as area "democracy"
- texts/        each part's wording for the 民主管理 section; report_texts.py joins them in the samples' order
- portal/       each part's member entries, 首页 cards, to-dos, messages and reminders (portal plug points)

Permissions (accounts.roles.Perm): DEMOCRACY_VIEW, DEMOCRACY_EDIT, DEMOCRACY_STATS, PROPOSAL_REVIEW (提案委员会),
PROPOSAL_ANSWER (承办部门联系人: only the proposals assigned to their department). A delegate is not a role: a member
whose person is a Delegate of the current term may raise and co-sign proposals.
"""
