//! Generators of selector inputs, each a family of its own: grammar-aware random selectors,
//! every escape in every quote and place, token soups and pairs, byte mutations of real
//! queries, a sweep over Unicode, huge inputs, and regexes valid and broken.

mod escapes;
mod grammar;
mod huge;
mod mutations;
mod regex;
mod tables;
mod tokens;
mod unicode;

pub use escapes::{all_escapes, all_escapes_alone, escapes};
pub use grammar::grammar;
pub use huge::huge;
pub use mutations::{mutation, REALISTIC};
pub use regex::regex_selector;
pub use tokens::{all_token_pairs, tokens};
pub use unicode::{unicode, unicode_in, UNICODE_PLACES};

use crate::rng::Rng;

/// The families, in the order a run cycles through them.
pub const FAMILIES: &[Family] = &[
    Family::Grammar,
    Family::Escapes,
    Family::Tokens,
    Family::Mutations,
    Family::Unicode,
    Family::Regex,
    Family::Grammar,
    Family::Mutations,
    Family::Tokens,
    Family::Regex,
];

/// A family of generated inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Grammar,
    Escapes,
    Tokens,
    Mutations,
    Unicode,
    Regex,
    Huge,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Grammar => "grammar",
            Family::Escapes => "escapes",
            Family::Tokens => "tokens",
            Family::Mutations => "mutations",
            Family::Unicode => "unicode",
            Family::Regex => "regex",
            Family::Huge => "huge",
        }
    }

    pub fn generate(self, rng: &mut Rng) -> Vec<u8> {
        match self {
            Family::Grammar => grammar(rng).into_bytes(),
            Family::Escapes => escapes(rng).into_bytes(),
            Family::Tokens => tokens(rng),
            Family::Mutations => mutation(rng),
            Family::Unicode => unicode(rng).into_bytes(),
            Family::Regex => regex_selector(rng).into_bytes(),
            Family::Huge => huge(rng),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::escapes::{escape_in, PLACES};
    use super::tables::ESCAPES;
    use super::tokens::TOKENS;
    use super::*;

    #[test]
    fn families_generate_and_are_reproducible() {
        for family in FAMILIES.iter().chain([&Family::Huge]) {
            let a: Vec<Vec<u8>> = {
                let mut rng = Rng::new(1);
                (0..20).map(|_| family.generate(&mut rng)).collect()
            };
            let b: Vec<Vec<u8>> = {
                let mut rng = Rng::new(1);
                (0..20).map(|_| family.generate(&mut rng)).collect()
            };
            assert_eq!(a, b, "{}", family.name());
            assert!(a.iter().any(|x| !x.is_empty()), "{}", family.name());
        }
    }

    #[test]
    fn enumerations_cover_their_products() {
        assert_eq!(all_escapes().len(), ESCAPES.len() * 3 * PLACES * 3);
        assert_eq!(all_token_pairs().len(), TOKENS.len() * (TOKENS.len() + 1));
        assert_eq!(escape_in("x", '"', 0), "{a=\"x\"}");
    }
}
