//! Prints the quotes found in a text file, one per line, for reading the rules' output.
//! Usage: `show <file.txt>`.

use newsprint_quotes::find_quotes;

fn main() -> std::io::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        eprintln!("usage: show <file.txt>");
        std::process::exit(2)
    });
    let text = std::fs::read_to_string(path)?;
    for q in find_quotes(&text, &[]) {
        let content: Vec<&str> = q.parts.iter().map(|&(a, b)| &text[a..b]).collect();
        println!(
            "{} [{}] [{}] {}",
            if q.direct { "D" } else { "R" },
            q.source.map_or("-", |s| s.text),
            q.cue.map_or("-", |s| s.text),
            content.join(" | ").replace('\n', "¶")
        );
    }
    Ok(())
}
