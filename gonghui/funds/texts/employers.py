"""建会 in the drafted documents (the 组织建设 clause of an upper union: "新建工会组织N家，建会率100%").

Every clause names its figure (shown or as an |if condition): a union that keeps no employer register (a grassroots
union) gets no sentence about 建会; one whose register has no founding in the year gets the rate without the
foundings. The samples write the rate plainly ("建会率100%", "建会率达到96.5%").
"""
SUMMARY = """
# 扎实推进建会工作
{funds.employers.rate|if}按照“应建尽建”的要求，{funds.employers.rate|if}{org}持续推进辖区用人单位建会工作，{funds.employers.visits|if}{period}深入用人单位走访宣传建会政策{funds.employers.visits}，新建工会组织{funds.employers.founded}，新建会单位发展会员{funds.employers.founding_members}。
{funds.employers.rate|if}截至{end}，纳入统计的用人单位{funds.employers.counted}，已建会{funds.employers.unionised}，建会率{funds.employers.rate}。
"""
REPORT = """
{funds.employers.rate|if}截至{end}，纳入统计的用人单位{funds.employers.counted}，已建会{funds.employers.unionised}，建会率{funds.employers.rate}；{period}新建工会组织{funds.employers.founded}。
"""
PLAN = """
{funds.employers.rate|if}继续推进“应建尽建”，{funds.employers.rate|if}对未建会用人单位逐一走访、建立台账，年内新建工会组织不少于{funds.employers.founded|target}，建会率保持在{funds.employers.rate|target}以上。
"""
SUGGEST: list = []
WATCH = ["funds.employers.rate"]
PHRASES: list = []
