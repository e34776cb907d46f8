"""Each part's wording (文体活动, then 教育培训, 会议, 宣传); report_texts.py joins them into sections."""
