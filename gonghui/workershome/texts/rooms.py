"""Rooms in the drafted documents: bookings and the hours they were used."""
SUMMARY = """
{workershome.rooms.bookings|if}职工之家活动场地向职工开放预约，{period}预约使用{workershome.rooms.bookings}，累计{workershome.rooms.hours}。
"""
REPORT = """
{workershome.rooms.bookings|if}职工之家场地预约使用{workershome.rooms.bookings}，累计{workershome.rooms.hours}。
"""
PLAN = """
{workershome.rooms.bookings|if}管好用好职工之家活动阵地，{workershome.rooms.bookings|if}方便职工网上预约场地。
"""
WATCH: list = []
SUGGEST: list = []
PHRASES: list = []
