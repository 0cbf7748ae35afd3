//! Random patterns over the whole of Go's syntax: every escape, class, flag, group and
//! repetition form, nested a few levels deep.

use crate::rng::{pick, Rng};

/// Random patterns over the whole of Go's syntax, mostly valid.
pub struct Syntax<'r> {
    rng: &'r mut Rng,
    max_depth: usize,
}

const ESCAPES: &[&str] = &[
    "\\a",
    "\\f",
    "\\t",
    "\\n",
    "\\r",
    "\\v",
    "\\x41",
    "\\x7f",
    "\\xFF",
    "\\x{263a}",
    "\\x{10FFFF}",
    "\\x{0}",
    "\\x{D800}",
    "\\x{1F600}",
    "\\0",
    "\\00",
    "\\012",
    "\\101",
    "\\177",
    "\\377",
    "\\7",
    "\\08",
    "\\.",
    "\\*",
    "\\-",
    "\\_",
    "\\<",
    "\\>",
    "\\#",
    "\\ ",
    "\\\\",
    "\\/",
    "\\{",
    "\\}",
    "\\[",
    "\\]",
    "\\|",
    "\\^",
    "\\$",
    "\\?",
    "\\+",
    "\\(",
    "\\)",
    "\\!",
    "\\\"",
    "\\'",
    "\\,",
    "\\:",
    "\\=",
    "\\@",
    "\\~",
    "\\`",
    "\\%",
    "\\&",
    "\\;",
];

const ASSERTIONS: &[&str] = &["^", "$", "\\A", "\\z", "\\b", "\\B"];
const PERL: &[&str] = &["\\d", "\\D", "\\s", "\\S", "\\w", "\\W"];
pub const POSIX: &[&str] = &[
    "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct",
    "space", "upper", "word", "xdigit",
];
pub const UNICODE_NAMES: &[&str] = &[
    "L",
    "Lu",
    "Ll",
    "Lt",
    "Lm",
    "Lo",
    "LC",
    "M",
    "Mn",
    "N",
    "Nd",
    "P",
    "S",
    "Sm",
    "Z",
    "Zs",
    "C",
    "Cc",
    "Cf",
    "Cn",
    "Co",
    "Cs",
    "Greek",
    "Latin",
    "Han",
    "Cyrillic",
    "Arabic",
    "Hiragana",
    "Old_Italic",
    "Nko",
    "Any",
    "Common",
    "Inherited",
    "Braille",
    "Cherokee",
    "Georgian",
];
const BAD_UNICODE_NAMES: &[&str] = &[
    "Letter",
    "greek",
    "latin",
    "l",
    "lu",
    "ANY",
    "any",
    "Greek_",
    "IsGreek",
    "Script=Greek",
    "gc=L",
    "",
    "^",
    "L&",
    "Lc",
    "L ",
    "Zz",
    "Hebrew ",
    "Old Italic",
];
const FLAGS: &[&str] = &[
    "i", "m", "s", "U", "im", "is", "-s", "-i", "i-s", "ims", "imsU", "-m", "U-i", "s-im", "",
];
const CLASS_CHARS: &[&str] = &[
    "a", "z", "A", "Z", "0", "9", "-", "_", ".", "/", "é", "α", "ω", "日", "☺", "\u{FFFD}", "^",
    "[", "&", "~", "|", "$", "*", "\\]", "\\-", "\\\\", "\\[", "\\^", "\\n", "\\t", "\\x41",
    "\\x{3b1}", "\\0", "\\177", "K", "k", "s", "S", " ",
];

impl<'r> Syntax<'r> {
    pub fn new(rng: &'r mut Rng, max_depth: usize) -> Self {
        Syntax { rng, max_depth }
    }

    pub fn rng(&mut self) -> &mut Rng {
        self.rng
    }

    pub fn regex(&mut self, depth: usize) -> String {
        let alternatives = if self.rng.percent(25) {
            self.rng.range(2, 4)
        } else {
            1
        };
        let mut out = String::new();
        for i in 0..alternatives {
            if i > 0 {
                out.push('|');
            }
            out.push_str(&self.concat(depth));
        }
        out
    }

    fn concat(&mut self, depth: usize) -> String {
        let pieces = self.rng.range(0, 4);
        let mut out = String::new();
        for _ in 0..pieces {
            out.push_str(&self.piece(depth));
        }
        out
    }

    fn piece(&mut self, depth: usize) -> String {
        let mut out = self.atom(depth);
        if self.rng.percent(30) {
            out.push_str(&self.repeat());
        }
        out
    }

    pub fn repeat(&mut self) -> String {
        let mut out = match self.rng.below(7) {
            0 => "*".to_owned(),
            1 => "+".to_owned(),
            2 => "?".to_owned(),
            3 => format!("{{{}}}", self.count()),
            4 => format!("{{{},}}", self.count()),
            5 => {
                let a = self.count();
                let b = if self.rng.percent(90) {
                    a + self.rng.below(20)
                } else {
                    self.count()
                };
                format!("{{{a},{b}}}")
            }
            _ => {
                ["{,3}", "{01}", "{1", "{x}", "{}", "{2,01}", "{ 1}"][self.rng.below(7)].to_owned()
            }
        };
        if self.rng.percent(20) {
            out.push('?');
        }
        out
    }

    fn count(&mut self) -> usize {
        match self.rng.below(10) {
            0 => self.rng.range(990, 1010),
            1 => 0,
            2 => 1,
            _ => self.rng.range(2, 12),
        }
    }

    fn atom(&mut self, depth: usize) -> String {
        let group = depth < self.max_depth && self.rng.percent(25);
        if group {
            return self.group(depth);
        }
        match self.rng.below(20) {
            0..=6 => self.literal(),
            7 => (*self.rng.pick(ESCAPES)).to_owned(),
            8 => (*self.rng.pick(ASSERTIONS)).to_owned(),
            9 => (*self.rng.pick(PERL)).to_owned(),
            10 => self.unicode_class(),
            11..=13 => self.class(),
            14 => ".".to_owned(),
            15 => format!("(?{})", self.rng.pick(FLAGS)),
            16 => {
                let text = self.literal() + &self.literal();
                if self.rng.percent(80) {
                    format!("\\Q{text}\\E")
                } else {
                    format!("\\Q{text}")
                }
            }
            17 => "{".to_owned(),
            18 => ["]", "}", "\\Q\\E", "(?:)", "()"][self.rng.below(5)].to_owned(),
            _ => self.literal(),
        }
    }

    fn literal(&mut self) -> String {
        let c = *self.rng.pick(&[
            "a", "b", "c", "x", "y", "0", "1", "-", "_", "/", ":", "=", "@", " ", "é", "K", "k",
            "s", "ſ", "ǅ", "Ǆ", "θ", "ϑ", "Σ", "ς", "日", "☺", "\u{FFFD}", "𝔘", ",", "<", ">", "'",
            "\"", "#", "%", "&", "!",
        ]);
        c.to_owned()
    }

    pub fn unicode_class(&mut self) -> String {
        let p = if self.rng.percent(70) { "p" } else { "P" };
        let caret = if self.rng.percent(15) { "^" } else { "" };
        let name = if self.rng.percent(90) {
            *self.rng.pick(UNICODE_NAMES)
        } else {
            *self.rng.pick(BAD_UNICODE_NAMES)
        };
        if name.len() == 1 && caret.is_empty() && self.rng.percent(50) {
            format!("\\{p}{name}")
        } else {
            format!("\\{p}{{{caret}{name}}}")
        }
    }

    pub fn class(&mut self) -> String {
        let mut out = String::from("[");
        if self.rng.percent(30) {
            out.push('^');
        }
        if self.rng.percent(10) {
            out.push(']');
        }
        let items = self.rng.range(1, 4);
        for _ in 0..items {
            match self.rng.below(10) {
                0 => {
                    let caret = if self.rng.percent(25) { "^" } else { "" };
                    let name = if self.rng.percent(90) {
                        *self.rng.pick(POSIX)
                    } else {
                        *self.rng.pick(&["foo", "Alpha", "", "word ", ":"])
                    };
                    out.push_str(&format!("[:{caret}{name}:]"));
                }
                1 => out.push_str(pick(self.rng, PERL)),
                2 => out.push_str(&self.unicode_class()),
                3..=5 => {
                    let lo = *self.rng.pick(CLASS_CHARS);
                    let hi = *self.rng.pick(CLASS_CHARS);
                    out.push_str(&format!("{lo}-{hi}"));
                }
                _ => out.push_str(pick(self.rng, CLASS_CHARS)),
            }
        }
        if self.rng.percent(10) {
            out.push('-');
        }
        if self.rng.percent(97) {
            out.push(']');
        }
        out
    }

    fn group(&mut self, depth: usize) -> String {
        let inner = self.regex(depth + 1);
        let open = match self.rng.below(8) {
            0..=2 => "(".to_owned(),
            3 => "(?:".to_owned(),
            4 => format!("(?P<{}>", self.name()),
            5 => format!("(?<{}>", self.name()),
            _ => format!("(?{}:", self.rng.pick(FLAGS)),
        };
        let close = if self.rng.percent(97) { ")" } else { "" };
        format!("{open}{inner}{close}")
    }

    fn name(&mut self) -> String {
        (*self.rng.pick(&[
            "name", "n", "a1", "_", "x_y", "1st", "env", "a-b", "", "é", "a b", "A", "Z9",
        ]))
        .to_owned()
    }
}
