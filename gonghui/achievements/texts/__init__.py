"""Each part's wording of the 建功立业 section (合理化建议 first, then 评先评优); report_texts.py joins them."""
