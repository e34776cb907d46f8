"""Mediation, screening, petitions and legal services in the drafted documents ("调解劳动争议12起，调解成功10起",
"排查矛盾隐患8起，已化解7起", "开展普法讲座4场，受教育职工600余人次"): every clause names its figure."""
SUMMARY = """
# 依法做好劳动争议调解
{rights.disputes.cases|if}充分发挥劳动争议调解委员会作用，{rights.disputes.cases|if}坚持预防为主、调解为主，{period}调解劳动争议{rights.disputes.cases}，调解成功{rights.disputes.success}，调解成功率{rights.disputes.rate}，涉及协议金额{rights.disputes.recovered}。
{rights.screening.risks|if}定期开展矛盾纠纷排查，{period}排查矛盾隐患{rights.screening.risks}，已化解{rights.screening.resolved}；受理职工信访{rights.petitions.count}。
# 深入开展法律服务和普法宣传
{rights.legal.consultations|if}{period}为职工提供法律咨询{rights.legal.consultations}，代理职工维权案件{rights.legal.agency}，律师坐班{rights.legal.duties}。
{rights.legal.lectures|if}开展普法讲座{rights.legal.lectures}，受教育职工{rights.legal.attendance}，{rights.legal.lectures|if}职工依法维权意识进一步增强。
"""
REPORT = """
{period}调解劳动争议{rights.disputes.cases}，调解成功{rights.disputes.success}；排查矛盾隐患{rights.screening.risks}，已化解{rights.screening.resolved}。
{period}提供法律咨询{rights.legal.consultations}，开展普法讲座{rights.legal.lectures}，受教育职工{rights.legal.attendance}。
"""
PLAN = """
{rights.disputes.cases|if}健全劳动争议调解工作机制，{rights.disputes.cases|if}做到案件在规定期限内受理、结案，调解成功率保持在{rights.disputes.rate|target}以上。
{rights.screening.risks|if}坚持矛盾纠纷定期排查，{rights.screening.risks|if}早发现、早化解，把矛盾化解在基层。
{rights.legal.lectures|if}年内开展普法讲座不少于{rights.legal.lectures|target}，{rights.legal.lectures|if}引导职工依法理性表达诉求。
"""
WATCH = ["rights.disputes.cases", "rights.legal.attendance"]
