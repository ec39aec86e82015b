//! Segmentation of the sample pages: every story's headline, in order, read off the pages
//! by hand.

use crate::common::{page, pipeline, sample_page};

const EXPECTED: [(&str, &[&str]); 3] = [
    (
        "000_062ca33ebf5a268a",
        &[
            "总投资42.85亿元 二七区27个基础设施项目集中开工",
            "惠企政务服务中心揭牌让企业“足不出园”办成事",
            "做好防汛抗灾准备 确保安全度汛",
            "区人大召开督导 安置房建设推进会议",
            "二七区表彰疫情防控 志愿服务先进典型",
        ],
    ),
    (
        "001_3b1fea97eb046953",
        &[
            "二七区部署六项重点工作",
            "关爱，你我他（她",
            "“暖心菜”免费发放市民",
            "二七区入选全国首批“幸福家园”示范县（区）",
            "宣传解读政策条例 助中原科技城发展",
            "国家旅游科技示范园区公示 中牟一地入选系全省唯一",
            "中原区2022年度公共 租赁住房完成摇号分配",
            "金水区营造坚实 有力政务服务环境",
            "多措并举强化服务推进企业复工复产",
            "确保财政资金廉洁落地群众受益",
        ],
    ),
    ("002_8a9a54583c1ad300", &["初心为墨 实干做笔 奋力书写“三个二七”新答卷"]),
];

#[test]
fn sample_headlines_in_order() {
    let seg = &pipeline().segmenter;
    for (stem, want) in EXPECTED {
        let titles: Vec<String> = seg.segment(&sample_page(stem)).into_iter().map(|a| a.title).collect();
        assert_eq!(titles, want.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "page {stem}");
    }
}

#[test]
fn kickers_subtitles_and_bylines() {
    let seg = &pipeline().segmenter;
    let a = seg.segment(&sample_page("000_062ca33ebf5a268a"));
    assert_eq!(a[1].kicker.as_deref(), Some("二七经济技术开发区"));
    assert_eq!(a[2].subtitle.as_deref(), Some("二七区举行2022年防汛综合应急演练"));
    assert_eq!(a[0].journalists, vec!["景静"]);
    assert_eq!(a[1].journalists, vec!["景静", "马晓丹"]);
    assert_eq!(a[4].journalists, vec!["景静", "王小婧"]);
    let b = seg.segment(&sample_page("001_3b1fea97eb046953"));
    assert_eq!(b[0].journalists, vec!["刘伟平", "张一弛", "杨坤"]);
    assert_eq!(b[1].journalists, vec!["孙志刚", "木坤", "高帅磊"]);
    let c = seg.segment(&sample_page("002_8a9a54583c1ad300"));
    assert_eq!(c[0].journalists, vec!["刘伟平", "孙璋哲", "张一弛", "李新华", "郭佳星", "张浩", "佟鑫"]);
}

#[test]
fn column_fragments_and_wraps_are_repaired() {
    let seg = &pipeline().segmenter;
    let b = seg.segment(&sample_page("001_3b1fea97eb046953"));
    // The sidebar debris (中 / 原 / 区 / 动 …) is gone and the sentence it cut is whole again.
    assert!(b[0].text.contains("确保全年完成投资350亿元以上。"), "{}", b[0].text);
    assert!(!b[0].text.contains("\n中\n"));
    let a = seg.segment(&sample_page("000_062ca33ebf5a268a"));
    assert!(a[0].text.contains("交通和产业园区基础设施"));
    assert!(a[1].text.contains("惠企政务服务中心"));
}

#[test]
fn stories_without_lead_and_subheadings() {
    let text = "## 第一条新闻标题在这里\n\n本报讯 6月1日，某区召开会议。记者 张三\n\n\
                ## 第二条新闻没有本报讯\n\n正文第一段写得足够长，说明这是一篇新的报道，而且内容完整。\n\n\
                #### 【小标题】 不是新文章\n\n正文第二段也写得足够长，属于第二条新闻的内容。记者 李四";
    let arts = pipeline().segmenter.segment(&page("x.md", text));
    let titles: Vec<&str> = arts.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["第一条新闻标题在这里", "第二条新闻没有本报讯"]);
    assert!(arts[1].text.contains("【小标题】不是新文章"));
    assert_eq!(arts[1].journalists, vec!["李四"]);
}

#[test]
fn article_ids_are_stable() {
    let a = pipeline().segmenter.segment(&sample_page("001_3b1fea97eb046953"));
    let ids: Vec<&str> = a.iter().map(|a| a.id.0.as_str()).collect();
    assert_eq!(ids[0], "001_3b1fea97eb046953-01");
    assert_eq!(ids[9], "001_3b1fea97eb046953-10");
}

/// The sample pages with every markdown `#` removed split into the same stories, with the
/// same titles, kickers, subtitles and bylines: headings are found without markup.
#[test]
fn sample_pages_without_markdown_split_the_same() {
    let seg = &pipeline().segmenter;
    for (stem, _) in EXPECTED {
        let marked = sample_page(stem);
        let plain_text: String = marked
            .text
            .lines()
            .map(|l| l.trim_start().trim_start_matches('#').trim_start())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!plain_text.lines().any(|l| l.starts_with('#')));
        let plain = page(&marked.source, &plain_text);
        let shape = |a: &newsgraph::model::Article| {
            (a.title.clone(), a.kicker.clone(), a.subtitle.clone(), a.journalists.clone(), a.text.clone())
        };
        let want: Vec<_> = seg.segment(&marked).iter().map(shape).collect();
        let got: Vec<_> = seg.segment(&plain).iter().map(shape).collect();
        assert_eq!(got.len(), want.len(), "page {stem}");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "page {stem}");
        }
    }
}

/// Pages as web and e-paper captures show them, written for these tests: (case, page,
/// expected (kicker, title) of each story).
#[test]
fn plain_pages_split_into_stories() {
    type Case = (&'static str, &'static str, &'static [(Option<&'static str>, &'static str)]);
    let cases: [Case; 8] = [
        (
            "headline, blank lines, caption, then the lead",
            "东风区举办读书月活动\n\n\n图为活动现场。记者 王一 摄\n\n\n本报讯（记者 王一 通讯员 李二）4月23日，东风区举办读书月活动。\n\n西岭区新修道路三条\n\n\n本报讯（记者 赵三）近日，西岭区三条道路完工通车。",
            &[(None, "东风区举办读书月活动"), (None, "西岭区新修道路三条")],
        ),
        (
            "no headline: the title stays empty",
            "7月16日上午，区长王明前往企业调研，并现场办公协调解决企业存在问题。区工信局负责同志参加。",
            &[(None, "")],
        ),
        (
            "a wire dateline is a lead, not a headline",
            "某某网开封5月21日消息（记者 王勇）5月16日上午，某区举行签约仪式。",
            &[(None, "")],
        ),
        (
            "a site's date and source line is not a subtitle",
            "区委书记调研重点项目\n\n时间:2025-06-09 来源:区发展和改革委员会\n\n6月6日下午，区委书记带队开展调研。",
            &[(None, "区委书记调研重点项目")],
        ),
        (
            "e-paper navigation and its title list go; the list names the title under a kicker",
            "第A03版：县区 上一版3  4下一版\nA03\n东城区新建三座公园\n西城街道 开展义诊活动\n      \n返回主页 | 某某晚报 | 标题导航\n上一期  下一期\n便民服务送到家门口\n西城街道 开展义诊活动\n\n本报讯（记者 周明）昨日，西城街道开展义诊活动，惠及居民三百余人。\n\n3上一篇  下一篇4",
            &[(Some("便民服务送到家门口"), "西城街道 开展义诊活动")],
        ),
        (
            "a long web headline ending on a quoted word",
            "【第5届桃花节】揽金20.5亿 这个“新城区”迎来招商“开门红”\n\n来源：某某客户端\n\n4月1日，桃花节开幕。",
            &[(None, "【第5届桃花节】揽金20.5亿 这个“新城区”迎来招商“开门红”")],
        ),
        (
            "a byline under a headline opens a story even when the last one did not close",
            "第一篇报道的标题\n\n本报讯 某镇召开大会，部署全年工作，会议由镇长主持。\n\n第二篇报道的标题\n\n某某报记者 陈一\n\n5月22日，某镇迎来观摩团，观摩团参观了党群服务中心。",
            &[(None, "第一篇报道的标题"), (None, "第二篇报道的标题")],
        ),
        (
            "sub-headings of a feature stay in the story",
            "一名民警的扶贫路\n\n某某网记者 刘一\n\n他进村后了解到村民的愁事，决心一件件解决。\n\n一个蓄水池，解了村民的愁\n\n他带领队员在村子最低处挖了蓄水池，雨水再也倒灌不进村民家里。\n\n一条亮灯路，暖了村民的心\n\n协调资金整修了道路，装上了路灯，村民夜里出行不再困难。",
            &[(None, "一名民警的扶贫路")],
        ),
    ];
    let seg = &pipeline().segmenter;
    for (case, text, want) in cases {
        let arts = seg.segment(&page("x.txt", text));
        let got: Vec<(Option<&str>, &str)> = arts.iter().map(|a| (a.kicker.as_deref(), a.title.as_str())).collect();
        assert_eq!(got, want.to_vec(), "{case}");
        for a in &arts {
            assert!(!a.text.contains("上一篇") && !a.text.contains("版面导航") && !a.text.contains("来源"), "{case}: {}", a.text);
        }
    }
}

/// Each article's date and where it came from: the page's date line, else the path, else
/// `--date`.
#[test]
fn dates_and_their_sources() {
    use newsgraph::model::DateSource;
    let seg = &pipeline().segmenter;
    let a = seg.segment(&page("pages/x.txt", "标题\n\n发布日期:2018-11-08 09:27:13 发布者:admin\n\n正文内容。"));
    assert_eq!((a[0].date.as_deref(), a[0].date_source), (Some("2018-11-08"), Some(DateSource::Page)));
    let a = seg.segment(&page("pages/2023-03-01/x.txt", "标题\n\n正文内容，写于2014年2月20日。"));
    assert_eq!((a[0].date.as_deref(), a[0].date_source), (Some("2023-03-01"), Some(DateSource::Path)));
    let flagged = newsgraph::articles::SegmenterBuilder::new()
        .date(Some("2022-06-21".into()))
        .build(pipeline().segmenter.lexicons().clone());
    let a = flagged.segment(&page("pages/x.txt", "标题\n\n正文内容。"));
    assert_eq!((a[0].date.as_deref(), a[0].date_source), (Some("2022-06-21"), Some(DateSource::Flag)));
    let a = flagged.segment(&page("zzrb_20230301_01.txt", "标题\n\n正文内容。"));
    assert_eq!(a[0].date_source, Some(DateSource::Path));
}
