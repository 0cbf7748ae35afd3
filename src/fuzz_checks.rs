//! The properties the fuzz targets check, shared with the tests that replay the fuzz corpora so
//! that both run the very same assertions. Each function panics when a property fails.

/// Any bytes: parsing never panics, and whatever parses prints and parses back equal, with
/// idempotent printing. Bytes that are not UTF-8 are not a query and are skipped.
pub fn parse_bytes(data: &[u8]) {
    if let Ok(input) = std::str::from_utf8(data) {
        parse_text(input);
    }
}

/// See [`parse_bytes`].
pub fn parse_text(input: &str) {
    match crate::parse(input) {
        Ok(selector) => {
            let printed = selector.to_string();
            let again = crate::parse(&printed)
                .unwrap_or_else(|e| panic!("{input:?} printed as {printed:?}, which fails: {e}"));
            assert_eq!(again, selector, "{input:?} printed as {printed:?}");
            assert_eq!(
                again.to_string(),
                printed,
                "printing {input:?} is not idempotent"
            );
            let sorted = selector.sorted().to_string();
            let again = crate::parse(&sorted)
                .unwrap_or_else(|e| panic!("{input:?} sorted as {sorted:?}, which fails: {e}"));
            assert_eq!(again.sorted().to_string(), sorted);
        }
        Err(error) => {
            let span = error.span();
            assert!(
                span.start <= span.end && span.end <= input.len(),
                "{input:?}: span {span:?} out of bounds"
            );
            if !input.is_empty() {
                assert!(
                    input.is_char_boundary(span.start),
                    "{input:?}: span {span:?}"
                );
            }
            let report = error.report(input).to_string();
            assert!(report.starts_with(&error.to_string()));
        }
    }
}
