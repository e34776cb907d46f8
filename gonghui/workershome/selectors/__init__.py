"""Every read of the workers' home, scoped to the acting user, one module per part. An officer reads the records of
their scope (HOME_VIEW); a member reads their own union's reading room and rooms (`common.member_paths`)."""
