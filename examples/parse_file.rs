//! Parses files and prints how many statements and errors they hold, for profiling the
//! parser alone: `cargo run --release --example parse_file -- FILE...`.

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("read the file");
        let text = concord::syntax::decode(&bytes, concord::source::FileId(0)).expect("UTF-8");
        let (file, errors) = concord::syntax::parse(text, concord::source::FileId(0));
        println!("{path}: {} statements, {} errors", file.statements.len(), errors.len());
    }
}
