//! Prints every candidate the rules propose for the texts given as arguments, then the
//! selected ones (a tool for writing rules).
//! `cargo run --example candidates -- 中原区审计局党组书记、局长赵青主持会议`

use newsgraph::dict::Dictionary;
use newsgraph::recognize::RecognizerBuilder;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rec = RecognizerBuilder::new(Dictionary::builtin()?).build()?;
    for text in std::env::args().skip(1) {
        let cx = rec.context(&text);
        for c in rec.propose(&cx) {
            println!("  {:>3}-{:<3} {:<14} {:<13} s{} {} {:?}", c.start, c.end, c.rule, c.ty.as_str(), c.strength, c.name, c.roles);
        }
        println!("selected:");
        for c in rec.recognize(&text) {
            println!("  {:>3}-{:<3} {:<13} {}", c.start, c.end, c.ty.as_str(), c.name);
        }
    }
    Ok(())
}
