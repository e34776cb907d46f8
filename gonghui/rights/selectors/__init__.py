"""Every read of rights records, scoped to the acting user, one module per part. A record outside the user's scope
is simply not in the queryset (pages answer 404 through get_object_or_404 on it)."""
