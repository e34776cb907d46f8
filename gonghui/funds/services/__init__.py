"""Every change to funds records, one module per part: `from gonghui.funds.services import employers`.

Services take keyword arguments only, the first being `actor` (the acting user, checked against their scope with
`accounts.scope.require_actor`; `actor=None` is the system: commands and demo data). Each validates, runs in a
transaction, raises `gonghui.core.errors.ServiceError` with a Chinese message (code "out_of_scope" outside scope,
which views turn into 404) and is audited (AuditedModel signals; bulk writes through `audit.record_rows`).
"""
