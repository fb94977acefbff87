"""Plausible free-text sections for invented annual reports.

The corpus needs several paragraphs of believable Chinese prose per section so
that pages break in the middle of a paragraph, the way real reports do.  The
sentences below are written in the register of real 政府信息公开工作年度报告;
each paragraph is assembled from a shuffled subset, with a few numbers drawn
from the case's own seeded random generator, so every report reads differently
while the output stays deterministic.  No sentence begins with a heading
numeral such as "二、", so prose can never be mistaken for a section heading.
"""

import re

INTRO = [
    "{year}年，{we}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国政府信息公开条例》，紧紧围绕中心工作，持续深化政务公开，不断提升政府信息公开的标准化、规范化水平，有效保障了人民群众的知情权、参与权、表达权和监督权。",
    "{year}年，在上级政务公开主管部门的指导下，{we}认真落实政务公开各项工作要求，以公开促落实、以公开促规范、以公开促服务，政府信息公开工作取得了新的进展。",
    "{year}年，{we}把政务公开作为建设法治政府、服务型政府的重要抓手，坚持“以公开为常态、不公开为例外”的原则，推进决策、执行、管理、服务、结果公开，全年政府信息公开工作运行平稳有序。",
]

ACTIVE = [
    "（一）主动公开情况。{we}围绕重点工作及群众关注关切，及时通过门户网站、政务新媒体等渠道发布各类政府信息，全年累计主动公开政府信息{n1}条，其中机构职能、政策文件、规划计划等基础信息{n2}条。",
    "坚持把政策解读与文件起草同步考虑、同步部署，对涉及群众切身利益的政策文件，采取图文解读、问答解读等方式进行解读，全年发布解读材料{n3}篇，切实增强了政策的知晓度和执行力。",
    "严格落实公文公开属性源头认定制度，在拟制公文时明确公开方式，对不予公开的说明理由，做到应公开尽公开。",
    "在财政预决算、重大建设项目、公共资源配置、社会公益事业等重点领域，按照规定的时限和要求及时公开相关信息，主动接受社会监督。",
    "规范行政权力运行公开，动态调整权责清单，及时公开行政许可、行政处罚等执法信息，推动执法决定信息在法定时限内全部上网公开。",
    "加强政务舆情回应，对涉及本单位的舆情信息做到早发现、早研判、早处置，全年回应公众关注热点{n4}次，未发生因回应不及时引发的负面舆情。",
]

REQUEST = [
    "（二）依申请公开情况。{we}严格按照条例规定的程序和时限办理政府信息公开申请，进一步规范受理、审查、答复各环节，做到件件有登记、事事有回音。",
    "{year}年，{we}共收到政府信息公开申请{new}件，上年结转{carry}件，已按期办结{done}件，结转下年度继续办理{fwd}件。",
    "对申请内容不明确的，及时告知申请人作出补正并说明理由；对不属于本机关公开职责范围的，告知申请人并说明理由，能够确定负责公开机关的，告知申请人该行政机关的名称和联系方式。",
    "在答复过程中加强与申请人的沟通，耐心解释相关政策规定，引导申请人通过合法途径表达诉求，依申请公开答复的质量和效率进一步提高。",
    "建立依申请公开答复法律审核机制，答复文书均经法律顾问审核把关，确保答复内容合法合规、依据充分、表述准确。",
]

MANAGE = [
    "（三）政府信息管理情况。{we}修订完善政府信息公开保密审查、信息发布协调、政务公开考核等制度，明确信息公开的审核流程和责任分工，做到先审查、后公开，一事一审、全面审查。",
    "认真开展政策文件清理工作，对现行有效的规范性文件进行全面梳理，及时更新政府信息公开目录，确保公开内容的准确性和时效性。",
    "定期对已公开的政府信息进行回头看，对信息内容不准确、链接失效、格式不规范的问题及时整改，全年整改各类问题{n5}个。",
    "加强个人信息保护，严格审查公开信息中涉及的身份证号码、联系电话、家庭住址等敏感内容，防止因公开不当侵犯公民个人隐私。",
]

PLATFORM = [
    "（四）政府信息公开平台建设情况。{we}持续加强门户网站政府信息公开专栏建设，优化栏目设置，完善检索功能，提升网站的易用性和友好性。",
    "充分发挥政务微信公众号、政务微博等新媒体平台的传播优势，全年通过政务新媒体发布信息{n6}条，阅读量累计{n7}余次。",
    "依托政务服务大厅、档案馆、图书馆等场所设置政府信息公开查阅点，配备查阅设备和专门人员，为群众查阅政府信息提供便利。",
    "畅通政府热线、网上信箱等互动渠道，及时办理群众来信来电，全年受理各类诉求{n8}件，按时办结率达到百分之百。",
]

OVERSIGHT = [
    "（五）监督保障情况。{we}成立由主要负责同志任组长的政务公开工作领导小组，明确分管领导和具体承办人员，形成了主要领导亲自抓、分管领导具体抓、业务科室协同抓的工作格局。",
    "将政务公开工作纳入年度目标责任考核，定期通报工作进展，对工作落实不到位的及时督促整改。",
    "组织开展政务公开业务培训{n9}次，邀请专家围绕条例解读、依申请公开答复等内容进行专题授课，工作人员的业务能力进一步提升。",
    "本年度未发生因政府信息公开工作引发的责任追究情况。",
]

PROBLEMS = [
    "{year}年，{we}政府信息公开工作虽然取得了一定成效，但与上级要求和人民群众的期待相比还存在一些不足：一是政策解读的形式还不够丰富，图解、视频等解读方式运用较少；二是部分业务科室对政务公开工作的重视程度有待提高，信息报送不够及时；三是依申请公开答复的规范化水平还需进一步提升。",
    "针对上述问题，{we}将重点做好以下工作：一是丰富政策解读形式，提高解读材料的可读性和针对性；二是压实各科室信息公开责任，建立信息报送定期通报制度；三是加强业务培训，提升工作人员依法答复的能力和水平。",
    "同时，{we}将进一步加强政务新媒体的日常管理，严格落实信息发布审核制度，确保发布内容准确规范，不断提升政务公开的质量和实效。",
    "对上一年度报告中提出的问题，{we}已逐项制定整改措施，明确责任人和完成时限，目前各项整改任务均已按期完成。",
]

OTHER = [
    "本年度，{we}未收取政府信息公开信息处理费。",
    "{year}年，{we}认真办理人大代表建议和政协委员提案，共承办建议提案{n10}件，均已按期办结并按规定公开办理复文。",
    "按照上级工作要求，{we}认真落实政务公开工作年度要点，各项任务均已按时完成。",
]


def _pick(rng, bank, k_min, k_max):
    """Keep the first sentence (the paragraph's lead) and a shuffled subset of the rest."""
    lead, rest = bank[0], list(bank[1:])
    rng.shuffle(rest)
    k = rng.randint(k_min, min(k_max, len(rest)))
    return [lead] + rest[:k]


def _fill(text, values):
    return text.format(**values)


def overview(rng, values, long_text):
    """Paragraphs of 一、总体情况; long_text makes every topic paragraph long."""
    paras = [rng.choice(INTRO)]
    for bank in (ACTIVE, REQUEST, MANAGE, PLATFORM, OVERSIGHT):
        lo, hi = (3, 5) if long_text else (1, 3)
        paras.append("".join(_pick(rng, bank, lo, hi)))
    return [_fill(p, values) for p in paras]


def problems(rng, values, nil):
    if nil:
        return ["无。"]
    paras = [PROBLEMS[0], PROBLEMS[1]]
    if rng.random() < 0.6:
        paras.append(rng.choice(PROBLEMS[2:]))
    return [_fill(p, values) for p in paras]


def other(rng, values, nil):
    if nil:
        return ["无。"]
    paras = [OTHER[0]]
    if rng.random() < 0.7:
        paras.append(rng.choice(OTHER[1:]))
    return [_fill(p, values) for p in paras]


def own_line_subheads(paras):
    """（一）主动公开情况。正文… becomes two paragraphs: the sub-heading, then the text."""
    out = []
    for p in paras:
        m = re.match(r"^(（[一二三四五六七八九]）[^。]{2,16})。(.+)$", p)
        if m:
            out += [m.group(1), m.group(2)]
        else:
            out.append(p)
    return out
