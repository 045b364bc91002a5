//! Any bytes: decoding and parsing never panic, every error lies inside the text, and
//! printing a file that parsed gives text that parses to the same statements.
#![no_main]

use concord::source::FileId;
use concord::syntax;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = syntax::decode(bytes, FileId(0)) else { return };
    let (file, errors) = syntax::parse(text, FileId(0));
    for e in &errors {
        assert!(e.span.start <= e.span.end && e.span.end as usize <= text.len());
    }
    if errors.is_empty() {
        let printed = syntax::print_file(&file, text);
        let (again, errors) = syntax::parse(&printed, FileId(0));
        assert!(errors.is_empty(), "printed text does not parse:\n{printed}");
        let expand = |f: &syntax::ast::File, src: &str| -> Vec<_> { f.statements.iter().map(|s| s.expand(src)).collect() };
        assert_eq!(expand(&again, &printed), expand(&file, text));
    }
});
