//! Table-driven recognition tests on sentences written for the purpose (not from the
//! sample pages), including the traps the rules are built to avoid.
//!
//! Each case: (what it checks, text, entities that must be found, entities that must not).

use crate::common::{check_table, page, rules_only_pipeline, Case};
use newsgraph::model::EntityType;


/// Runs a page through the rules-only pipeline and returns `type:name` ids.
fn ids(text: &str) -> Vec<String> {
    let mut out: Vec<String> = rules_only_pipeline()
        .process_page(&page("case.txt", text))
        .into_iter()
        .flat_map(|(_, ms)| ms.into_iter().map(|m| m.id().0))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn check(cases: &[Case]) {
    check_table(cases, ids);
}

#[test]
fn officials() {
    check(&[
        ("title chain", "会上，金水区委副书记、区长王建国作了讲话。", &["official:王建国"], &[]),
        ("rank title", "市发改委二级调研员刘志敏介绍了有关情况。", &["official:刘志敏"], &[]),
        (
            "organization + titles",
            "洛阳市西工区审计局党组书记、局长赵青主持会议。",
            &["official:赵青", "organization:西工区审计局"],
            &[],
        ),
        (
            "leader list",
            "本报讯 金水区举行仪式。区领导陈立新、苏明远、时雨、吕长青等参加。",
            &["official:陈立新", "official:苏明远", "official:时雨", "official:吕长青"],
            &[],
        ),
        ("given name ending in a verb char", "区领导赵卫东、孙立强参加。吕安民强调，要抓落实。区长吕安民。", &["official:孙立强", "official:吕安民"], &["official:孙立", "official:吕安民强"]),
        ("speech verb after title", "镇长李春华说，今年要抓好项目。李春华表示，要做好服务。", &["official:李春华"], &[]),
        ("village secretary", "村党支部书记周海涛带领群众发展产业。", &["official:周海涛"], &[]),
        ("congress chair", "县人大常委会主任马文举强调，要全员上阵。", &["official:马文举"], &[]),
        ("common word after title is no name", "局长高度重视此项工作，主任全面部署。", &[], &["official:高度", "official:全面"]),
        ("person after a non-office role", "企业负责人何晓光介绍，种植户李春生说。", &["person:何晓光", "person:李春生"], &["official:何晓光"]),
        ("national leader from the dictionary", "深入学习习近平总书记重要讲话精神。", &["official:习近平"], &[]),
        ("surname + honorific", "辖区企业货车司机李师傅说，徐经理很热情。", &[], &["official:李师傅", "person:李师傅", "person:徐经理"]),
    ]);
}

#[test]
fn journalists() {
    check(&[
        ("plain", "某区召开会议。记者 鲁燕 通讯员 孙婧", &["journalist:鲁燕", "journalist:孙婧"], &[]),
        ("glued", "会议结束。记者王晓明", &["journalist:王晓明"], &[]),
        ("lead", "本报讯(记者 何晓东 通讯员 林一帆 文/图)日前，", &["journalist:何晓东", "journalist:林一帆"], &[]),
        ("not a byline", "记者从市统计局获悉，记者了解到相关情况。", &[], &["journalist:从市统", "journalist:了解到"]),
    ]);
}

#[test]
fn districts() {
    check(&[
        ("full and short", "郑州市惠济区和开封的同志来到中牟。", &["district:郑州市", "district:惠济区", "district:开封市", "district:中牟县"], &[]),
        ("region is not a district", "中原更加出彩，中原科技城建设加快。", &[], &["district:中原区"]),
        ("town", "荥阳市高村乡和广武镇的群众", &["district:荥阳市", "district:高村乡", "district:广武镇"], &[]),
        ("square is not a district", "二七广场人流如织。", &[], &["district:二七区"]),
        ("zone short form", "二七经开区引进项目12个。", &["district:二七经济技术开发区"], &[]),
        ("village after town", "荥阳市王村镇南屯村的菜农", &["district:王村镇", "district:南屯村"], &["district:乡村"]),
        (
            "a town right before its village, where jieba reads across the two",
            "中牟县黄店镇东王村和新密市曲梁镇方楼村的村民",
            &["district:中牟县", "district:黄店镇", "district:东王村", "district:新密市", "district:曲梁镇", "district:方楼村"],
            &["district:方楼村的村", "company:中牟县黄店"],
        ),
        ("generic village word", "建设美丽乡村和城市试点社区。", &[], &["district:美丽乡村", "district:城市试点社区"]),
        ("development zone", "新郑市现代物流业开发区入选名单。", &["district:新郑市现代物流业开发区"], &[]),
        ("policy label is no zone", "打造创新发展综合改革示范区。", &[], &["district:创新发展综合改革示范区"]),
    ]);
}

#[test]
fn organizations() {
    check(&[
        (
            "relative name resolved to the article's district",
            "本报讯 惠济区召开会议。区发改委、区卫健委负责人参加。",
            &["organization:惠济区发改委", "organization:惠济区卫健委"],
            // What must not be emitted is checked by suffix in `relative_organs_resolve_or_drop`.
            &[],
        ),
        ("a head that modifies what follows is no organ's (中心港区)", "考察团一行深入许昌港中心港区调研。", &["district:许昌市"], &["organization:许昌港中心"]),
        (
            "full organ name maps to its short form",
            "惠济区卫生健康委员会开展义诊。",
            &["organization:惠济区卫健委"],
            &[],
        ),
        ("party committee", "市委深入贯彻部署。新密市委宣传部组织学习。", &["organization:新密市委宣传部"], &[]),
        ("town party committee", "本报讯 登封市大冶镇召开会议，镇党委书记讲话。", &["organization:大冶镇党委"], &[]),
        ("jurisdiction chain", "巩义市纪委监委开展监督检查。", &["organization:巩义市纪委监委"], &[]),
        ("institution with its own name", "郑州大学第一附属医院派出专家。", &["organization:郑州大学第一附属医院"], &[]),
        ("a conjunction before a relative county", "本报讯 淇县召开会议。淇县融媒体中心和县人民医院参加。", &["organization:淇县人民医院"], &["organization:和县人民医院", "district:和县"]),
        ("a verb ending in 办 is no office", "上街区举办消费季活动。", &[], &["organization:上街区举办"]),
        (
            "a county's congress and its standing committee are one organ",
            "本报讯 金水区人大召开会议。金水区人大常委会主任陈立新主持。",
            &["organization:金水区人大常委会"],
            &["organization:金水区人大"],
        ),
        (
            "relative 区人大 folds into the standing committee too",
            "本报讯 金水区召开会议。区人大组织代表视察。",
            &["organization:金水区人大常委会"],
            &["organization:金水区人大"],
        ),
        ("a town's congress has no standing committee", "本报讯 登封市大冶镇人大组织代表视察。", &["organization:大冶镇人大"], &["organization:大冶镇人大常委会"]),
    ]);
}

/// A relative organ (区发改委, 省人大常委会) names the organ of the article's own district:
/// with that district named it becomes `<district><organ>`, without it it is dropped. The
/// bare written name can never come out of resolution, so an absence check on it proves
/// nothing; these cases check every emitted organization by its suffix instead.
///
/// Each case: (what, text, the district named or none, organs written relative).
#[test]
fn relative_organs_resolve_or_drop() {
    type RelCase = (&'static str, &'static str, Option<&'static str>, &'static [&'static str]);
    let cases: &[RelCase] = &[
        ("county organs, county named", "本报讯 惠济区召开会议。区发改委、区卫健委负责人参加。", Some("惠济区"), &["发改委", "卫健委"]),
        ("county organs, no county named", "本报讯 会议在会议室召开。区发改委、区卫健委负责人参加。", None, &["发改委", "卫健委"]),
        ("province organ after an ordinal session, province named", "本报讯 河南省召开会议。省十三届人大常委会第三十六次会议表决通过。", Some("河南省"), &["人大常委会"]),
        ("province organ after an ordinal session, no province named", "省十三届人大常委会第三十六次会议表决通过。", None, &["人大常委会"]),
        ("generic departments", "各部门、相关部门和全区上下共同努力。", None, &["部门"]),
    ];
    let mut failures = Vec::new();
    for (what, text, district, organs) in cases {
        let got = ids(text);
        let orgs: Vec<&str> = got.iter().filter_map(|g| g.strip_prefix("organization:")).collect();
        for organ in *organs {
            let with_organ: Vec<&str> = orgs.iter().copied().filter(|o| o.ends_with(organ)).collect();
            match district {
                Some(d) => {
                    let want = format!("{d}{organ}");
                    if !with_organ.contains(&want.as_str()) {
                        failures.push(format!("[{what}] missing organization:{want} in {got:?}"));
                    }
                    if let Some(other) = with_organ.iter().find(|o| **o != want) {
                        failures.push(format!("[{what}] organization:{other} ends with {organ} but is not {want}"));
                    }
                }
                None => {
                    if !with_organ.is_empty() {
                        failures.push(format!("[{what}] no district named, yet organizations ending with {organ}: {with_organ:?}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn companies_programs_projects() {
    check(&[
        ("company full span", "针对华豫集团郑州建材有限公司的技改项目，", &["company:华豫集团郑州建材有限公司"], &[]),
        ("company after preposition", "为河南省绿源食品股份有限公司办理证件", &["company:河南省绿源食品股份有限公司"], &[]),
        (
            "a preposition jieba glues to a name starts no company",
            "本报讯 中原区副区长王伟到郑州华信电子有限公司调研。",
            &["company:郑州华信电子有限公司", "official:王伟"],
            &["company:到郑州华信电子有限公司"],
        ),
        (
            "a project list sharing one head",
            "在澄湖二期、望川智造、岚山冷链项目现场，与会人员察看了进度。",
            &["project:澄湖二期", "project:岚山冷链项目"],
            &[],
        ),
        (
            "a count closes a project list and is no part of a name",
            "代表们视察了东风路污水管网改造、南湖公园提升工程三个项目。",
            &["project:东风路污水管网改造", "project:南湖公园提升工程"],
            &["project:南湖公园提升工程三个项目"],
        ),
        ("等 and a count close a project list", "签约了澄湖二期、岚山冷链等5个项目。", &["project:澄湖二期", "project:岚山冷链"], &["project:岚山冷链等5个项目"]),
        (
            "a listed project with an organ in it, after a preposition jieba glues to 区/县",
            "对县中医院改扩建、滨河路东延等项目进行了巡查。并对区妇幼保健院改造、东风路西延等项目进行巡查。",
            &["project:县中医院改扩建", "project:滨河路东延", "project:区妇幼保健院改造", "project:东风路西延"],
            &["project:对县中医院改扩建", "project:对区妇幼保健院改造"],
        ),
        ("a count after one name lists nothing", "郑州市27个项目集中开工。", &[], &["project:郑州市", "project:郑州市27个项目", "project:27个项目"]),
        ("generic company", "增强国有平台公司能力，该公司表示。", &[], &["company:国有平台公司", "company:该公司", "company:增强国有平台公司"]),
        ("verbs inside a company name", "全力支持洛阳华锐传热节能股份有限公司发展。", &["company:洛阳华锐传热节能股份有限公司"], &["company:全力支持洛阳华锐传热节能股份有限公司"]),
        ("quoted program", "深入开展“万人助万企”活动和“三标”活动。", &["program:万人助万企", "program:三标"], &[]),
        ("kept head", "实施“246”工作法。", &["program:246工作法"], &[]),
        ("year campaign", "扎实开展作风能力提升年活动。", &["program:作风能力提升年"], &[]),
        ("slogan is no program", "让企业“足不出园”办成事。", &[], &["program:足不出园"]),
        ("descriptive quote before 工程", "防止出现“半拉子”工程。", &[], &["program:半拉子"]),
        ("quoted name repeated without head", "推进“一网通办、一次办成”改革，实现“一网通办、一次办成”。", &["program:一网通办、一次办成"], &["program:一网通办"]),
        ("named project", "加快李家沟水库除险加固工程建设。", &["project:李家沟水库除险加固工程"], &[]),
        ("a governing verb before a project", "全力服务郑州华丰新材料科技有限公司年产5万吨新材料项目。", &["project:郑州华丰新材料科技有限公司年产5万吨新材料项目"], &[]),
        ("a meeting verb before a company", "副区长何明远会见河南省绿源食品股份有限公司董事长。", &["company:河南省绿源食品股份有限公司", "official:何明远"], &[]),
        ("generic project", "全力推进郑州市重点项目和基础设施项目。", &[], &["project:郑州市重点项目", "project:基础设施项目"]),
    ]);
}

#[test]
fn spans_are_char_offsets_into_text() {
    for (article, mentions) in rules_only_pipeline().process_page(&page("c.txt", "本报讯 郑州市副市长张国栋说，“万人助万企”活动成效明显。")) {
        let chars: Vec<char> = article.text.chars().collect();
        for m in mentions {
            let s: String = chars[m.span.start..m.span.end].iter().collect();
            assert_eq!(&article.text[m.span.byte_start..m.span.byte_end], s);
            if m.ty == EntityType::Official {
                assert_eq!(s, m.name);
            }
        }
    }
}

/// Layouts and contexts of pages from other papers and sites (sentences written for these
/// tests; the names are invented).
#[test]
fn pages_from_other_sites() {
    check(&[
        (
            "title:name table with an OCR space in the name",
            "倒 2东城区柳湖街道办事处\n\n党(工)委书记:刘 明\n\n镇长(主任):孙建军",
            &["official:刘明", "official:孙建军"],
            &[],
        ),
        (
            "a title over a list of names",
            "西城区人大常委会副主任赵一鸣、陈小东、二级调研员周立新参加视察。",
            &["official:赵一鸣", "official:陈小东", "official:周立新"],
            &[],
        ),
        ("surname + title is no name", "分管领导王镇长、李镇长对有关情况作了补充说明。", &[], &["official:王镇长", "official:李镇长"]),
        ("no title read inside a division", "金水区长江路街道办事处排名第二。", &[], &["official:江路"]),
        (
            "organs listed after an organization share its district",
            "本报讯 西工区人大常委会视察项目，区发展改革委、农业农村局、财政局负责人陪同。",
            &["organization:西工区发改委", "organization:西工区农业农村局", "organization:西工区财政局"],
            &[],
        ),
        ("a street office without a district", "区发改委、城东办事处负责人一同视察。", &["organization:城东办事处"], &[]),
        ("a verb before 办事处 is no street", "要发扬办事处的整体优势。", &[], &["organization:发扬办事处"]),
        (
            "a stretch of sentence before 办事处 is no street",
            "会上听取了赵建军关于办事处党建工作的汇报。",
            &[],
            &["organization:了赵建军关于办事处", "organization:赵建军关于办事处", "organization:关于办事处"],
        ),
        (
            "a business named by its chairman",
            "签约仪式上，河南华远建科董事长张立平致辞。",
            &["company:河南华远建科", "person:张立平"],
            &[],
        ),
        (
            "short and full names of one company are one node",
            "区长会见中国五冶集团有限公司董事长一行。双方观看了中国五冶集团宣传片。",
            &["company:中国五冶集团有限公司"],
            &["company:中国五冶集团"],
        ),
        (
            "a company name cut at a rare char",
            "10月8日，广东砺达商贸有限公司董事长带队考察。会上，副区长对广东砺达商贸有限公司的到来表示欢迎。",
            &["company:广东砺达商贸有限公司"],
            &["company:达商贸有限公司"],
        ),
        ("a signed story", "确保项目优质高效推进。（程小文）", &["journalist:程小文"], &[]),
        ("a colon after the byline keyword", "双方就合作展开交流。（记者：陈晓）", &["journalist:陈晓"], &[]),
        ("editors in the credit block", "正文到此结束。\n【责任编辑：孙丽 】 【内容审核：黄强 】", &["journalist:孙丽", "journalist:黄强"], &[]),
    ]);
}

#[test]
fn names_lists_and_zones_of_other_sites() {
    check(&[
        (
            "a company's province is no district when the name is written again",
            "5月6日，广东砺达商贸有限公司总经理一行到访。会上，区长对广东砺达商贸有限公司表示欢迎。",
            &["company:广东砺达商贸有限公司"],
            &["district:广东省"],
        ),
        ("a given name before a conjunction jieba glued on", "副区长李登斌、兰国强及相关部门负责同志参加。", &["official:兰国强"], &["official:兰国"]),
        (
            "one business title over a list of names",
            "集团副总经理李建杰、王立杰、郭双出席会议。",
            &["person:李建杰", "person:王立杰", "person:郭双"],
            &[],
        ),
        ("a police rank is an official's title", "市公安局二级警督张兆华深入村里走访。", &["official:张兆华"], &[]),
        ("a village's party-building clerk", "村党支部书记许瑞明、党建专干朱建民进行交流。", &["official:许瑞明", "official:朱建民"], &[]),
        (
            "a division after a leader list's 和 is no name",
            "南阳市领导吴刚、张元明、宋力和信阳市领导谢天学出席。",
            &["official:宋力", "district:信阳市", "official:谢天学"],
            &["official:信阳市"],
        ),
        ("the office of the party committee", "西工区召开会议。区委办、区发改委负责同志参加。", &["organization:西工区委办"], &[]),
        ("区委办 inside a phrase is no office", "西工区委办好民生实事。", &[], &["organization:西工区委办"]),
        (
            "a two-char division written for a longer one in the story",
            "近日，郑东新区人大工委主任到社区调研。他要求东区树标杆，按照东区人大工委的要求推进。",
            &["district:郑东新区", "organization:郑东新区人大工委"],
            &["district:东区", "organization:东区人大工委"],
        ),
        (
            "a zone named by a place and its short head, and its committee",
            "区工信局、蟠龙高新区管委会、金河工业园负责人参加。",
            &["organization:蟠龙高新技术产业开发区管委会"],
            &["organization:蟠龙高新技术产业开发区工信局"],
        ),
        (
            "a bare 高新区 is the zone of the story's city",
            "郑州市领导到高新区梧桐办事处调研。",
            &["district:郑州高新技术产业开发区"],
            &["district:高新区"],
        ),
        ("a bare 经开区 in a county's story is the county's zone", "二七区召开会议，经开区负责同志参加。", &["district:二七经济技术开发区"], &[]),
        ("a bare 高新区 with no city named is dropped", "在高新区召开现场会。", &[], &["district:高新区"]),
        ("a division after a zone's alias though jieba reads across", "郑州市航空港区张庄镇前来交流。", &["district:郑州航空港经济综合实验区", "district:张庄镇"], &[]),
        (
            "businesses in a list that calls them businesses",
            "支持华润万象城、丹尼斯、百年德化等商贸企业扩能。",
            &["company:华润万象城", "company:丹尼斯", "company:百年德化"],
            &[],
        ),
        (
            "a place in front of a listed business is cut off",
            "先后前往金河工业园双运工贸、振兴石油、蟠龙高新区鼎鹏一工等工业企业走访。",
            &["company:双运工贸", "company:振兴石油", "company:鼎鹏一工"],
            &["company:金河工业园双运工贸"],
        ),
        ("trades in a list are no businesses", "帮助餐饮、住宿、零售等行业企业纾困。", &[], &["company:餐饮", "company:住宿"]),
        ("industries in a list are no businesses", "走访了食品加工、机械制造等企业。", &[], &["company:食品加工", "company:机械制造"]),
        (
            "a community's and a village's organs",
            "王村镇南屯村党支部书记介绍了情况。随后，南屯村村委会组织村民座谈。",
            &["organization:南屯村党支部", "organization:南屯村村委会"],
            &[],
        ),
        ("words between a village and an organ make no name", "一行来到南屯村新建的党群服务中心。", &[], &["organization:南屯村党群服务中心"]),
    ]);
}
