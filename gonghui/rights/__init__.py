"""Rights (维权): labour-safety supervision (劳动保护监督: hazards reported from a phone, forwarded, fixed), labour-dispute
mediation (劳动争议调解), petitions and risk screening (信访、矛盾排查), legal services (法律服务: 咨询、代理、律师坐班、
普法讲座), women workers' special protection (女职工特殊保护).

The app is a package of rooms (the shape of gonghui/democracy and gonghui/funds), one module per part in each folder:
- models/       hazards.py (Hazard, HazardPhoto), disputes.py (DisputeRule, DisputeCase), screening.py (Petition,
                Risk), legal.py (Consultation, LawyerDuty, Lecture), women.py (MaternityRecord, ContractCheck,
                MutualAidEnrolment) — models/__init__.py imports them all
- services/     every write; keyword-only, first argument `actor` (the acting user; None = the system)
- selectors/    every read, scoped to the user (404 outside scope)
- views/, urls/ pages (urls/__init__.py includes each part's patterns in the `rights` namespace)
- api/          viewsets; api.register(router) is called by gonghui/api_urls.py
- metrics/      each part's figures; metrics_registry.py registers them as area "rights"
- texts/        each part's wording; report_texts.py joins them into the 维权 section
- portal/       each part's member entries, 首页 card, to-dos and messages (portal plug points)
- screening_forms.py, legal_forms.py: forms, tables and filters of the petition/risk and legal services pages
- importing.py (hazards), importing_cases.py (past mediation cases): importers of the core import engine

Permissions (accounts.roles.Perm): RIGHTS_VIEW (records in scope), RIGHTS_EDIT (record and change them),
RIGHTS_STATS (figures without records), RIGHTS_SENSITIVE (a dispute's details, a petitioner's or asker's name —
PIPL: shown only to the handling roles, every reveal audited, exports masked), HAZARD_FIX (a department's contact
records the fix of the hazards forwarded to that department; democracy's Department is the department),
WOMEN_REGISTER (the 三期 register), WOMEN_WORK (女职工工作: the desk, special-contract checks, 安康互助保障, 维权行动月
activities; forms_women.py, tables_women.py and filtersets_women.py hold that part's forms, tables and filters).
"""
