//! What a text is before it is read: the one rule for "is it JSON?", shared by the readers that
//! take JSON or something else (a Perses file's YAML, a list of profile types one a line).

/// Whether `text` is to be read as JSON: its first character after white space opens an object
/// or a list.
pub(crate) fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with(['{', '['])
}

#[cfg(test)]
mod tests {
    use super::looks_like_json;

    #[test]
    fn json_opens_an_object_or_a_list() {
        for json in ["{}", " \n\t[1]", "\u{2003}{\"a\": 1}", "[oops"] {
            assert!(looks_like_json(json), "{json:?}");
        }
        for other in [
            "",
            "a: 1",
            "# {",
            "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
            "\"x\"",
        ] {
            assert!(!looks_like_json(other), "{other:?}");
        }
    }
}
