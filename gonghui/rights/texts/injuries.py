"""Work injuries in the drafted documents ("发生工伤3起，工会均及时看望慰问"): every clause names its figure."""
SUMMARY = """
# 关心关爱工伤职工
{rights.injuries.count|if}{period}职工发生工伤{rights.injuries.count}，其中工会已看望慰问{rights.injuries.visited}，{rights.injuries.count|if}协助职工申请工伤认定、督促企业落实工伤保险待遇。
"""
REPORT = """
{period}职工发生工伤{rights.injuries.count}，其中工会已看望慰问{rights.injuries.visited}。
"""
PLAN = """
{rights.injuries.count|if}做好工伤职工的看望慰问和工伤认定协助工作，{rights.injuries.count|if}维护工伤职工合法权益。
"""
WATCH = ["rights.injuries.count"]
