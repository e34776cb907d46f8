"""Every change to achievements records, one module per part: `from gonghui.achievements.services import
suggestions`. Keyword-only arguments, the first `actor` (None = the system); each validates, runs in a transaction,
raises ServiceError with a Chinese message (code "out_of_scope" outside scope: views answer 404) and is audited."""
