"""Activities (文体活动、培训、会议、宣传): what members see most of their union — events with sign-up and check-in,
training, meetings with minutes and decisions, publicity (简报, 投稿/录用).

A package of rooms (the shape of gonghui/democracy and gonghui/funds), one module per part in each folder:
- models/     events.py (Event, EventTeam, Signup, Award, EventPhoto), training.py (Course, Attendance),
              meetings.py (Meeting, Decision), publicity.py (Newsletter, Article); models/__init__.py imports them
- services/   every write; keyword-only, first argument `actor` (None = the system: demo, commands)
- selectors/  every read, scoped to the user (404 outside scope)
- views/, urls/  pages (urls/__init__.py includes each part's patterns in the `activities` namespace)
- api/        viewsets; api.register(router) is called by gonghui/api_urls.py
- metrics/    each part's figures; metrics_registry.py registers them as area "activities"
- texts/      each part's wording (文体活动, 教育培训, 宣传); report_texts.py joins them
- portal/     member pages, home card, to-dos and messages (portal plug points)

Permissions (accounts.roles.Perm, appended at the end of roles.py): ACTIVITIES_VIEW (read events, trainings,
meetings, publicity in scope), ACTIVITIES_EDIT (plan, open, check in, record), ACTIVITIES_APPROVE (approve a plan and
its budget, and a cost above it), ACTIVITIES_STATS (the figures of a subtree). Members (会员) sign up for the events
whose scope holds their organisation.
"""
