"""`gonghui import-members …`: the hyphenated spelling of `import_members` (Django finds commands by file name)."""
from gonghui.members.management.commands.import_members import Command  # noqa: F401
