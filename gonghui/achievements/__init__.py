"""建功立业 (achievements): rational suggestions (合理化建议、金点子) and honours (评先评优) now; labour competitions and
skill contests (劳动竞赛、技能比武), mentoring (师带徒) and technical innovation (技术创新) come as further parts.

The app is a package of rooms (the shape of gonghui/democracy and gonghui/funds), one module per part in each of:
- models/       suggestions.py (SuggestionCriterion, PanelMember, Suggestion, SuggestionCoauthor, SuggestionScore,
                SuggestionStep, SuggestionAttachment), honours.py (Honour)
- services/     every write; keyword-only, first argument `actor` (None = the system: commands, demo data)
- selectors/    every read, scoped to the user (404 outside scope)
- views/, urls/ pages (urls/__init__.py includes each part's patterns in the `achievements` namespace)
- api/          viewsets; api.register(router) is called by gonghui/api_urls.py
- metrics/      each part's figures; metrics_registry.py registers them as area "achievements"
- texts/        each part's wording of the 建功立业 section; report_texts.py joins them
- portal/       each part's member entries, 首页 card, to-dos and messages (portal plug points)
- hooks.py      the person page's 荣誉 panel (members.panels)

Permissions (accounts.roles.Perm): ACHIEVE_VIEW (read the records in scope), ACHIEVE_EDIT (record and change them:
criteria, panel, adoption, benefit, honours), ACHIEVE_STATS (the figures of a subtree without the records). Grading
is the review panel's (评审小组): people on `PanelMember` of the union (or an officer entering a panel member's score).
"""
