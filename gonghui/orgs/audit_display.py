"""How organisations' recorded values read in history tabs and the audit log (see core/audit_display.py)."""
from gonghui.core.audit_display import hide

hide("orgs.organization", "path", "depth")  # the tree's materialised path, kept by the services
