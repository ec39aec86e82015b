//! Prints jieba-rs POS tags of the texts given as arguments (a tool for writing rules).
//! `cargo run --example tag -- 区委副书记、区长苏建设说`

fn main() {
    let jieba = jieba_rs::Jieba::new();
    for text in std::env::args().skip(1) {
        let tags: Vec<String> = jieba.tag(&text, true).into_iter().map(|t| format!("{}/{}", t.word, t.tag)).collect();
        println!("{}", tags.join(" "));
    }
}
