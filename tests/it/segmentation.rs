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
