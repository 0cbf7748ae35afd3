//! The selectors both parsers are measured on: the realistic corpus, less the queries
//! promql-parser cannot read (so that both do the same work).

/// The realistic corpus of pyroql's benchmarks.
pub const QUERIES: &str = include_str!("../../benches/queries.txt");

/// The corpus queries that both pyroql and promql-parser accept.
pub fn common_queries() -> Vec<&'static str> {
    QUERIES
        .lines()
        .filter(|q| !q.is_empty())
        .filter(|q| pyroql::parse(q).is_ok() && promql_parser::parser::parse(q).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn most_of_the_corpus_is_common_ground() {
        let common = super::common_queries();
        let all = super::QUERIES.lines().filter(|q| !q.is_empty()).count();
        assert!(common.len() * 2 > all, "{} of {all}", common.len());
    }
}
