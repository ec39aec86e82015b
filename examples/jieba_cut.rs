//! A plain jieba-rs `cut` pass over JSONL article files or page files, single thread: the
//! baseline that `scripts/bench.sh` compares `newsgraph build` with.
//!
//! `cargo run --release --example jieba_cut -- part-000.jsonl part-001.jsonl …`
//! `cargo run --release --example jieba_cut -- pages/` (every file of a folder, as pages)
//!
//! Every line of a `.jsonl` file is parsed with serde_json and its `text` field cut with
//! `jieba.cut(text, true)` (HMM on, jieba's default); any other file is one page, cut
//! whole. Prints one line of `key=value` pairs: the dictionary
//! load time, the bytes of the input files and of the texts, the seconds spent in `cut`
//! alone and the seconds of the whole pass (reading and parsing included), and the token
//! count (so that the work cannot be optimized away).

use std::io::BufRead;
use std::time::Instant;

#[derive(serde::Deserialize)]
struct Record {
    text: String,
}

fn main() -> anyhow::Result<()> {
    let mut files: Vec<String> = Vec::new();
    for arg in std::env::args().skip(1) {
        if std::path::Path::new(&arg).is_dir() {
            let mut inside: Vec<String> = std::fs::read_dir(&arg)?
                .map(|e| e.map(|e| e.path().to_string_lossy().into_owned()))
                .collect::<Result<_, _>>()?;
            inside.sort();
            files.extend(inside);
        } else {
            files.push(arg);
        }
    }
    anyhow::ensure!(!files.is_empty(), "usage: jieba_cut FILE.jsonl… | DIR");

    let t = Instant::now();
    let jieba = jieba_rs::Jieba::new();
    let load_s = t.elapsed().as_secs_f64();

    let (mut file_bytes, mut text_bytes, mut articles, mut tokens, mut token_bytes) = (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut cut_s = 0.0f64;
    let pass = Instant::now();
    // One text cut, timed and counted.
    let mut cut = |text: &str| {
        let t = Instant::now();
        let words = jieba.cut(text, true);
        tokens += words.len() as u64;
        token_bytes += words.iter().map(|w| w.word.len() as u64).sum::<u64>();
        std::hint::black_box(&words);
        drop(words);
        cut_s += t.elapsed().as_secs_f64();
        text_bytes += text.len() as u64;
        articles += 1;
    };
    for path in &files {
        file_bytes += std::fs::metadata(path)?.len();
        if !path.ends_with(".jsonl") {
            cut(&std::fs::read_to_string(path)?);
            continue;
        }
        let reader = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(path)?);
        for (n, line) in reader.lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let rec: Record =
                serde_json::from_str(&line).map_err(|e| anyhow::anyhow!("{path}:{}: {e}", n + 1))?;
            cut(&rec.text);
        }
    }
    let total_s = pass.elapsed().as_secs_f64();
    anyhow::ensure!(token_bytes == text_bytes, "tokens cover {token_bytes} bytes of {text_bytes}");
    println!(
        "load_s={load_s:.4} file_bytes={file_bytes} text_bytes={text_bytes} articles={articles} \
         tokens={tokens} cut_s={cut_s:.4} total_s={total_s:.4}"
    );
    Ok(())
}
