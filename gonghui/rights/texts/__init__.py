"""Each part's wording in drafted documents; report_texts.py joins them into the 维权 section."""
