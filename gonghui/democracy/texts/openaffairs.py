"""This part's wording in the 民主管理 section (see report_texts.py): SUMMARY, REPORT and PLAN are paragraphs in
the template language of reports.drafting.wording ("# heading" lines start a sub-heading in the summary); SUGGEST,
WATCH and PHRASES as in care/report_texts.py."""
SUMMARY = ""
REPORT = ""
PLAN = ""
SUGGEST: list = []
WATCH: list[str] = []
PHRASES: list = []
