"""Each part's wording of the 经费管理 section (建会 first, then 会费); report_texts.py joins them."""
