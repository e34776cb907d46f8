"""Care and assistance (帮扶关怀, 送温暖): the domain layer.

- models.py      HardshipFile (+ HardshipCause, HardshipLevelChange), Assistance (+ ApprovalDecision,
                 AssistanceAttachment), ApprovalFlow/ApprovalFlowStep, Condolence, LifeEvent, MustVisitRule,
                 AidRuleSet/AidRule, Campaign/CampaignRecipient, Schooling, HealthCheck/HealthCheckParticipant
- services/      every write; keyword-only, first argument `actor` (the acting user; None = the system)
- selectors.py   every read, scoped to the user (404 outside scope; members see only their own via my_*)
- rules.py       fund rules, approval flows and 必访 rules as data, and how they apply to a union on a day
- metrics.py     the area's figures (declarative METRICS); metrics_registry.py hands them to reports.registry
- aggregates.py  MoneySum: exact money sums on SQLite and PostgreSQL

Permissions (accounts.roles.Perm): CARE_VIEW, CARE_EDIT, CARE_APPROVE, CARE_SENSITIVE (hardship details, audited),
CARE_FLAGGED (经审 list), CARE_STATS (figures only).
"""
