"""Every change to activities records, one module per part: `from gonghui.activities.services import events`.

Services take keyword arguments only, the first being `actor` (the acting user, checked with
`accounts.scope.require_actor`; `actor=None` is the system: demo, commands). Each validates, runs in a transaction,
raises `gonghui.core.errors.ServiceError` with a Chinese message (code "out_of_scope" outside scope: views 404)
and is audited (AuditedModel signals).
"""
