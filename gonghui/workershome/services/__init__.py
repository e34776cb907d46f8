"""Every write of the workers' home, one module per part (books, rooms, equipment). Keyword-only arguments, first
`actor` (the acting user; None = the system: commands, the demo); `@transaction.atomic`; audited through
AuditedModel; a refusal is a ServiceError with a Chinese message (code "out_of_scope" outside scope: pages 404)."""
