"""Labour-safety supervision in the drafted documents ("收到隐患信息1087条，已整改908条，正在落实179条")."""
SUMMARY = """
# 扎实开展劳动保护监督
{rights.hazards.received|if}发挥群众安全生产监督员作用，{rights.hazards.received|if}畅通职工反映安全隐患渠道，{period}收到隐患信息{rights.hazards.received}，已整改{rights.hazards.fixed}，正在落实{rights.hazards.in_progress}，整改率{rights.hazards.rate}。
"""
REPORT = """
{period}收到隐患信息{rights.hazards.received}，已整改{rights.hazards.fixed}，正在落实{rights.hazards.in_progress}。
"""
PLAN = """
{rights.hazards.received|if}继续开展群众性劳动保护监督检查，{rights.hazards.received|if}对职工反映的安全隐患逐条转办、跟踪督促，隐患整改率达到{rights.hazards.rate|target}以上。
"""
WATCH = ["rights.hazards.received", "rights.hazards.rate"]
