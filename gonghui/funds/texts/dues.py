"""会费 in the drafted documents: filled by the dues part."""
SUMMARY = ""
REPORT = ""
PLAN = ""
SUGGEST: list = []
WATCH: list[str] = []
PHRASES: list = []
