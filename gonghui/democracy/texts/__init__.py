"""Each part's wording of the 民主管理 section; report_texts.py joins them."""
