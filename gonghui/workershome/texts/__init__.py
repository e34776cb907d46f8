"""Each part's wording of the 职工之家建设 section (书屋, 器材, 场地); report_texts.py joins them."""
