//! A plain jieba-rs `cut` pass over JSONL article files, single thread: the baseline that
//! `scripts/bench.sh` compares `newsgraph build` with.
//!
//! `cargo run --release --example jieba_cut -- part-000.jsonl part-001.jsonl …`
//!
//! Every line is parsed with serde_json and its `text` field cut with `jieba.cut(text,
//! true)` (HMM on, jieba's default). Prints one line of `key=value` pairs: the dictionary
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
    let files: Vec<String> = std::env::args().skip(1).collect();
    anyhow::ensure!(!files.is_empty(), "usage: jieba_cut FILE.jsonl…");

    let t = Instant::now();
    let jieba = jieba_rs::Jieba::new();
    let load_s = t.elapsed().as_secs_f64();

    let (mut file_bytes, mut text_bytes, mut articles, mut tokens, mut token_bytes) = (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut cut_s = 0.0f64;
    let pass = Instant::now();
    for path in &files {
        file_bytes += std::fs::metadata(path)?.len();
        let reader = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(path)?);
        for (n, line) in reader.lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let rec: Record =
                serde_json::from_str(&line).map_err(|e| anyhow::anyhow!("{path}:{}: {e}", n + 1))?;
            let t = Instant::now();
            let words = jieba.cut(&rec.text, true);
            tokens += words.len() as u64;
            token_bytes += words.iter().map(|w| w.word.len() as u64).sum::<u64>();
            std::hint::black_box(&words);
            drop(words);
            cut_s += t.elapsed().as_secs_f64();
            text_bytes += rec.text.len() as u64;
            articles += 1;
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
