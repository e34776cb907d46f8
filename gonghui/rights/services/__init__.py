"""Every change to rights records, one module per part: `from gonghui.rights.services import hazards`.

Services take keyword arguments only, the first being `actor` (checked with `accounts.scope.require_actor`;
`actor=None` is the system: commands and demo data). Each validates, runs in a transaction, raises
`gonghui.core.errors.ServiceError` with a Chinese message (code "out_of_scope" outside scope: views answer 404) and is
audited (AuditedModel signals).
"""
