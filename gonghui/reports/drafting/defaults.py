"""The default wording of the fixed parts of each kind of document (the work areas ship their own sections with
registry.describe(..., sections=[...])). Administrators override any of it with SectionTemplate rows.

Each kind is an ordered list of parts; AREAS marks where the work areas' sections go. A part is one of
- "text": `heading` is the text itself (the title, the addressee line),
- "prose": an optional heading and paragraphs (opening, closing, 指导思想),
- "list": a heading, a lead-in (the body's first line when it ends with "：", e.g. "主要是：") and numbered items:
  the points drawn from the data come first, then the body's other lines as default items (up to `fill_to` items
  in all).
The template language is wording.py's.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..models import DocumentKind
from ..registry import Section

AREAS = "__areas__"
AREA_LEVEL = {"summary": 1, "report": 2, "plan": 2}  # the areas' sections: numbered parts, or under "工作开展情况"


@dataclass(frozen=True)
class Part:
    code: str
    label: str  # what the template pages call it
    form: str  # text | prose | list
    default: Section
    suggestions: tuple[str, ...] = ()  # Suggestion.part values listed first in a list part
    fill_to: int = 0  # default items are added until the list has this many (0: all of them)
    level: int = 1  # heading level: 1 "一、", 2 "（一）" (under the part before it)


def _s(kind: str, heading: str, body: str = "") -> Section:
    return Section(kind, heading, body.strip())


S, R, P = DocumentKind.SUMMARY.value, DocumentKind.REPORT.value, DocumentKind.PLAN.value

OPENING_SUMMARY = """
{period}，{org}在{party_org}的正确领导下和{parent}的指导下，坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大和二十届历次全会精神，全面落实中国工会十八大精神，紧紧围绕{employer}中心工作，认真履行维护职工合法权益、竭诚服务职工群众的基本职责，团结动员广大职工建功立业，各项工作取得了新的成效。现将{period}主要工作总结如下：
"""
PROBLEMS = """
在肯定成绩的同时，我们也清醒地认识到，工作中还存在一些不足，主要是：
工会工作创新意识还不够强，服务职工的方式方法还比较单一，工作的针对性和实效性有待进一步提高。
工会干部队伍建设有待加强，兼职工会干部精力投入不足，业务能力和服务水平还需进一步提升。
工会工作信息化、规范化水平还不够高，台账资料的收集整理还需进一步完善。
"""
NEXT_SUMMARY = """
下一步，{org}将在{party_org}的正确领导下，重点做好以下几方面工作：
持续加强工会自身建设，健全完善各项制度，提升工会干部履职能力，增强工会组织的吸引力和凝聚力。
深化民主管理，坚持和完善以职工代表大会为基本形式的民主管理制度，推进{democracy.openaffairs.practice}，保障职工的知情权、参与权、表达权、监督权。
扎实做好困难职工帮扶和送温暖工作，落实“五必访”制度，把组织的关怀及时送到职工身边。
丰富职工精神文化生活，组织开展形式多样的文体活动，营造团结和谐、积极向上的良好氛围。
"""
CLOSING_SUMMARY = """
新的征程上，{org}将在{party_org}的坚强领导下，团结带领广大职工群众，凝心聚力、担当作为，为推动{employer}高质量发展作出新的更大贡献！
"""

OPENING_REPORT = """
{period}，{org}在{party_org}的正确领导下和{parent}的指导下，认真履行工会各项职能，较好地完成了全年各项工作任务。现将{period}工会工作开展情况报告如下：
"""
HIGHLIGHTS = """
{period}，{org}在以下方面取得了较为明显的成效：
围绕中心、服务大局，工会各项工作有序推进，职工群众的获得感、幸福感、安全感不断增强。
"""
SHORTCOMINGS = """
工作中存在的不足和困难主要有：
工会工作创新意识还不够强，服务职工的方式方法还比较单一。
工会干部多为兼职，精力投入不足，业务能力有待提升。
"""
REMEDIES = """
针对上述问题，我们将采取以下措施加以解决：
加强工会干部业务学习和培训，提高履职能力和服务水平。
健全工作制度和台账，推进工会工作规范化、信息化建设。
"""
SUPPORT = """

加大对基层工会的经费支持力度，在困难职工帮扶、送温暖等专项资金上给予倾斜。
加强对基层工会干部的业务培训，帮助提升基层工会干部履职能力。
加强工作指导，帮助基层工会解决工作中遇到的困难和问题。
"""
ADVICE = """

建议进一步简化基层工会报表报送流程，依托信息化平台实现数据一次采集、多方共享。
建议定期组织基层工会之间的交流学习，推广先进经验和典型做法。
建议进一步完善困难职工帮扶政策，扩大帮扶覆盖面，提高帮扶精准度。
"""
CLOSING_REPORT = """
特此报告。
"""

OPENING_PLAN = """
为做好{next}工会工作，根据{party_org}和{parent}的工作部署，结合{org}实际，制定本计划。
"""
GUIDANCE = """
{next}，{org}工作的指导思想是：坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和二十届历次全会精神，深入贯彻中国工会十八大精神，在{party_org}的领导和{parent}的指导下，紧紧围绕{employer}中心工作，坚守为职工群众服务的工作生命线，团结动员广大职工建功立业，为推动{employer}高质量发展贡献工会力量。
"""
FOCUS = """
针对{period}工作中存在的不足，重点抓好以下工作：
"""
REQUIREMENTS = """

加强组织领导。工会委员会要对照年度计划，细化任务分工，明确责任人和完成时限，确保各项工作落到实处。
强化督促检查。每季度召开工会委员会例会，通报工作进展，研究解决工作中遇到的问题。
注重总结宣传。及时总结工作中的好经验、好做法，加强宣传报道，营造良好氛围。
"""

PARTS: dict[str, list[Part | str]] = {
    S: [
        Part("title", "标题", "text", _s(S, "{org}{period}工作总结")),
        Part("opening", "开头", "prose", _s(S, "", OPENING_SUMMARY)),
        AREAS,
        Part("problems", "存在的问题", "list", _s(S, "存在的问题", PROBLEMS), ("problems",), 3),
        Part("next", "下一步工作打算", "list", _s(S, "下一步工作打算", NEXT_SUMMARY), ("next",), 5),
        Part("closing", "结束语", "prose", _s(S, "", CLOSING_SUMMARY)),
    ],
    R: [
        Part("title", "标题", "text", _s(R, "{org}关于{period}工会工作情况的报告")),
        Part("addressee", "主送单位", "text", _s(R, "{parent}：")),
        Part("opening", "开头", "prose", _s(R, "", OPENING_REPORT)),
        Part("work", "一、工作开展情况（标题）", "prose", _s(R, "{period}工会工作开展情况")),
        AREAS,
        Part("highlights", "二、工作亮点", "list", _s(R, "{period}工会工作亮点", HIGHLIGHTS), ("highlights",), 1),
        Part("shortcomings", "三、不足、困难及解决办法", "list",
             _s(R, "工作中存在的不足、困难以及解决办法", SHORTCOMINGS), ("problems",), 3),
        Part("remedies", "三、解决办法（续）", "list", _s(R, "", REMEDIES), ("next",), 3),
        Part("support", "四、需要上级工会给予的支持", "list", _s(R, "需要上级工会给予的支持", SUPPORT), ("support",), 3),
        Part("advice", "五、工作建议", "list", _s(R, "工作建议", ADVICE), ("advice",), 3),
        Part("closing", "结束语", "prose", _s(R, "", CLOSING_REPORT)),
    ],
    P: [
        Part("title", "标题", "text", _s(P, "{org}{next}工作计划")),
        Part("opening", "开头", "prose", _s(P, "", OPENING_PLAN)),
        Part("guidance", "一、指导思想", "prose", _s(P, "指导思想", GUIDANCE)),
        Part("work", "二、主要工作（标题）", "prose", _s(P, "主要工作")),
        AREAS,
        Part("focus", "二、主要工作：补短板", "list", _s(P, "补齐短板，着力解决突出问题", FOCUS), ("next",), 0,
             level=2),
        Part("requirements", "三、工作要求", "list", _s(P, "工作要求", REQUIREMENTS), (), 0),
    ],
}


def parts(kind: str) -> list[Part | str]:
    try:
        return PARTS[kind]
    except KeyError:
        raise ValueError(f"未知的文稿类型：{kind}") from None


def part(kind: str, code: str) -> Part | None:
    return next((p for p in parts(kind) if isinstance(p, Part) and p.code == code), None)
