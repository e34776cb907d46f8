"""Every read of funds records, scoped to the acting user, one module per part:
`from gonghui.funds.selectors import employers`. A record outside the user's scope is simply not in the queryset
(pages answer 404 through get_object_or_404 on it)."""
