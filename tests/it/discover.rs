//! `newsgraph discover`: the miss finder lists spans that look like entities but that no
//! recognized mention covers, under the right type, and leaves generic phrases out.
//!
//! The pages are sentences written for these tests; every person, company and project name
//! in them is invented. The strict tests run the finder over a recognizer that has only the
//! dictionary rule (and a small dictionary of the tests' own), so that what counts as
//! recognized does not move when the rules improve; the CLI test runs the real chain and
//! accepts a planted name either listed as a miss or recognized.

use crate::common;
use newsgraph::articles::SegmenterBuilder;
use newsgraph::dict::Dictionary;
use newsgraph::discover::{discover_pages, Discovered, Discovery};
use newsgraph::lexicon::Lexicons;
use newsgraph::model::{EntityType, Page};
use newsgraph::pipeline::Pipeline;
use newsgraph::recognize::rules::DictionaryRule;
use newsgraph::recognize::RecognizerBuilder;
use std::path::Path;

const PAGE_VISIT: &str = "\
惠济区调研民营企业发展

本报讯（记者 方一鸣）3月5日，惠济区区长周立群走访了澜桥工贸、恒川石油、北辰置业等企业，了解生产经营情况。相关部门负责人陪同。
周立群指出，要做好重点项目服务，各单位要主动对接企业需求，打通服务企业的“最后一公里”。
座谈会上，瀚海物流、岚川食品、青岫商贸负责人作了发言。河南澄宇建科董事长马文涛、星澜物流董事长唐一舟参加签约。
区委常委、常务副区长杜文博，集团副总经理沈海涛、霍青松出席会议。
梁若琛指出，企业负责人要坚定发展信心。梁若琛强调，要守牢安全底线。
会议要求，锚定“六个聚焦”，推行“一园一策”，打好七大攻坚，推动城市更新项目早日开工，发挥“压舱石”作用。（鲁思远）
";

const PAGE_TOWN: &str = "\
古荥镇召开基层治理工作会

本报讯 4月2日，古荥镇召开基层治理工作会。镇司法所、水利站、应急办负责人汇报了工作。
党建专干邵一帆介绍了网格管理的经验。
在澄湖二期、望川智造、岚山冷链项目现场，与会人员察看了建设进度。
以下为各村主要负责人：
党（工）委书记：葛 明
镇长（主任）：隋晓川
与会人员一致表示，一次观摩就是一次提高。（记者：宁可欣）
来源：惠济区融媒体中心 编辑：韦一禾
";

/// Entries of the tests' own dictionary: these count as recognized.
const DICT_COMPANIES: &str = "瀚海物流\n";
const DICT_PROJECTS: &str = "岚山冷链项目\n";

/// The planted misses: (type, name) the finder must list.
const PLANTED: [(EntityType, &str); 23] = [
    (EntityType::Company, "澜桥工贸"),
    (EntityType::Company, "恒川石油"),
    (EntityType::Company, "北辰置业"),
    (EntityType::Company, "岚川食品"),
    (EntityType::Company, "青岫商贸"),
    (EntityType::Company, "河南澄宇建科"),
    (EntityType::Company, "星澜物流"),
    (EntityType::Official, "杜文博"),
    (EntityType::Official, "梁若琛"),
    (EntityType::Official, "邵一帆"),
    (EntityType::Official, "葛明"),
    (EntityType::Official, "隋晓川"),
    (EntityType::Person, "沈海涛"),
    (EntityType::Person, "霍青松"),
    (EntityType::Journalist, "鲁思远"),
    (EntityType::Journalist, "宁可欣"),
    (EntityType::Journalist, "韦一禾"),
    (EntityType::Organization, "古荥镇司法所"),
    (EntityType::Organization, "古荥镇水利站"),
    (EntityType::Program, "六个聚焦"),
    (EntityType::Program, "一园一策"),
    (EntityType::Program, "七大攻坚"),
    (EntityType::Project, "澄湖二期"),
];

/// Phrases that look like entities to a careless finder but are not.
const JUNK: [&str; 12] = [
    "相关部门",
    "各单位",
    "重点项目",
    "城市更新项目",
    "企业",
    "企业负责人",
    "最后一公里",
    "压舱石",
    "一次观摩就是一次提高",
    "瀚海物流",
    "岚山冷链项目",
    "座谈会",
];

fn pages() -> Vec<Page> {
    vec![common::page("visit.txt", PAGE_VISIT), common::page("town.txt", PAGE_TOWN)]
}

/// A recognizer with only the dictionary rule: the built-in dictionaries without the sample
/// seeds, plus the files in `dir`.
fn dictionary_only(dir: &Path) -> Pipeline {
    let lex = Lexicons::builtin().expect("lexicons");
    let mut dict = Dictionary::builtin_with(false).expect("dictionaries");
    dict.load_path(dir).expect("test dictionaries");
    let segmenter = SegmenterBuilder::new().build(lex.clone());
    let relater = newsgraph::relate::RelaterBuilder::new().build(&lex);
    let recognizer = RecognizerBuilder::new(dict)
        .lexicons(lex)
        .rules(vec![Box::new(DictionaryRule)])
        .build()
        .expect("recognizer");
    Pipeline { segmenter, recognizer, relater }
}

fn test_dicts(name: &str) -> std::path::PathBuf {
    let dir = common::tempdir(name);
    std::fs::write(dir.join("companies-test.txt"), DICT_COMPANIES).unwrap();
    std::fs::write(dir.join("projects-test.txt"), DICT_PROJECTS).unwrap();
    dir
}

fn find<'a>(list: &'a [Discovered], name: &str) -> Vec<&'a Discovered> {
    list.iter().filter(|d| d.name == name).collect()
}

fn dictionary_only_discovery() -> Discovery {
    let dir = test_dicts("discover-dict-only");
    discover_pages(&dictionary_only(&dir), &pages())
}

#[test]
fn planted_misses_are_listed_under_their_type() {
    let found = dictionary_only_discovery();
    let listing: Vec<String> = found.missed.iter().map(|d| format!("{} {}", d.ty, d.name)).collect();
    for (ty, name) in PLANTED {
        let hits = find(&found.missed, name);
        assert!(hits.iter().any(|d| d.ty == ty), "{ty} {name} not listed as a miss; missed: {listing:?}");
        assert!(hits.iter().all(|d| d.ty == ty), "{name} listed under another type too: {hits:?}");
    }
}

#[test]
fn junk_and_recognized_names_are_not_listed() {
    let found = dictionary_only_discovery();
    for junk in JUNK {
        assert!(find(&found.missed, junk).is_empty(), "{junk} listed: {:?}", find(&found.missed, junk));
    }
    for d in &found.missed {
        assert!(d.name.chars().count() >= 2, "a one-char name: {d:?}");
        assert!(!d.name.contains("相关") && !d.name.starts_with('各'), "a generic name: {d:?}");
    }
}

#[test]
fn candidates_carry_evidence_context_and_dictionary_line() {
    let found = dictionary_only_discovery();
    let d = find(&found.missed, "澜桥工贸")[0];
    assert_eq!((d.count, d.articles), (1, 1));
    assert!(d.example.contains("«澜桥工贸»"), "{}", d.example);
    assert!(!d.evidence.is_empty());
    let line = d.to_line();
    assert!(line.starts_with("# companies.txt · company × 1 in 1 article(s) · "), "{line}");
    assert!(line.ends_with("\n澜桥工贸"), "{line}");
    // A name said twice is counted twice; a title becomes a role of the line.
    let liang = find(&found.missed, "梁若琛")[0];
    assert_eq!(liang.count, 2);
    let ge = find(&found.missed, "葛明")[0];
    assert_eq!(ge.roles, vec!["党委书记".to_string()]);
    assert!(ge.to_line().ends_with("\n葛明 ; roles=党委书记"), "{}", ge.to_line());
    // Most frequent first within a type.
    let officials: Vec<&Discovered> = found.missed.iter().filter(|d| d.ty == EntityType::Official).collect();
    assert!(officials.windows(2).all(|w| w[0].count >= w[1].count));
    assert_eq!(officials[0].count, 2);
}

#[test]
fn the_cli_lists_misses_by_type_and_keeps_the_found_list() {
    let dir = common::tempdir("discover-cli");
    let pages_dir = dir.join("pages");
    std::fs::create_dir_all(&pages_dir).unwrap();
    std::fs::write(pages_dir.join("visit.txt"), PAGE_VISIT).unwrap();
    std::fs::write(pages_dir.join("town.txt"), PAGE_TOWN).unwrap();

    let out = common::run(&dir, &["discover", "pages", "--no-seeds", "--json", "--limit", "100"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let missed = json["missed"].as_array().expect("missed list");
    assert!(json["found"].is_array());
    for c in missed {
        for key in ["type", "name", "count", "articles", "evidence", "example", "file", "line"] {
            assert!(!c[key].is_null(), "{key} missing in {c}");
        }
    }
    let listed = |ty: EntityType, name: &str| missed.iter().any(|c| c["type"] == ty.as_str() && c["name"] == name);
    // With the real rules a planted name is either a miss of its type or recognized.
    let recognized: Vec<String> = pages()
        .iter()
        .flat_map(|p| common::rules_only_pipeline().process_page(p))
        .flat_map(|(_, ms)| ms.into_iter().map(|m| m.name))
        .collect();
    let mut listed_count = 0;
    for (ty, name) in PLANTED {
        let is_recognized = recognized.iter().any(|r| r == name || r.ends_with(name));
        assert!(listed(ty, name) || is_recognized, "{ty} {name} neither listed nor recognized");
        assert!(!(listed(ty, name) && is_recognized), "{name} listed though recognized");
        listed_count += usize::from(listed(ty, name));
    }
    assert!(listed_count >= 8, "only {listed_count} planted misses listed");
    for junk in JUNK {
        assert!(!missed.iter().any(|c| c["name"] == junk), "{junk} listed");
    }

    // Text: a header per type and list, at most --limit lines of each type.
    let out = common::run(&dir, &["discover", "pages", "--no-seeds", "--limit", "1"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("# ==== missed by the rules (no recognized mention covers them): company ("), "{text}");
    assert!(text.contains("# ==== found by the rules, not in a dictionary: "), "{text}");
    for block in text.split("\n\n") {
        let entries = block.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(entries, 1, "--limit 1 shows one entry per type:\n{block}");
    }

    let out = common::run(&dir, &["discover", "pages", "--no-seeds", "--only", "missed", "--type", "company"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("found by the rules"));
    assert!(text.lines().filter(|l| l.starts_with("# ====")).all(|l| l.contains(": company (")), "{text}");
}
