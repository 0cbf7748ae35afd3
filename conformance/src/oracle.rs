//! The Go oracle (`conformance/oracle`), run as a child process: inputs go in as hex lines,
//! answers come back as JSON lines, in order.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde::{Deserialize, Serialize};

/// Bytes as the oracle writes them: a JSON string when they are UTF-8, `{"hex": "…"}` otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text(pub Vec<u8>);

impl Text {
    /// The text, with bytes that are not UTF-8 shown as `\xNN`.
    pub fn lossy(&self) -> String {
        String::from_utf8(self.0.clone()).unwrap_or_else(|_| show_bytes(&self.0))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(s.as_bytes().to_vec())
    }
}

/// `bytes` as text, each byte that is not part of UTF-8 written `\xNN`.
pub fn show_bytes(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum TextForm {
    Str(String),
    Hex { hex: String },
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.0) {
            Ok(text) => TextForm::Str(text.to_owned()),
            Err(_) => TextForm::Hex {
                hex: to_hex(&self.0),
            },
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match TextForm::deserialize(d)? {
            TextForm::Str(s) => Ok(Text(s.into_bytes())),
            TextForm::Hex { hex } => from_hex(&hex)
                .map(Text)
                .ok_or_else(|| serde::de::Error::custom("bad hex")),
        }
    }
}

pub fn to_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    out
}

pub fn from_hex(hex: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| char::from(c).to_digit(16);
    let bytes = hex.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks(2)
        .map(|pair| Some((digit(pair[0])? * 16 + digit(pair[1])?) as u8))
        .collect()
}

/// One label matcher of an answer, in Prometheus' order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatcherAnswer {
    pub name: Text,
    pub op: Text,
    pub value: Text,
}

/// What the oracle (or pyroql) answers for one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matchers: Vec<MatcherAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Text>,
}

/// Which of the oracle's services to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `ParseMetricSelector`.
    Selector,
    /// `labels.NewFastRegexMatcher`.
    Regexp,
    /// `labels.NewMatcher` and `Matches`, with plain RE2 beside.
    Match,
    /// Prometheus' `toNormalisedLower` (its slow path).
    Lower,
}

impl Mode {
    fn arg(self) -> &'static str {
        match self {
            Mode::Selector => "selector",
            Mode::Regexp => "regexp",
            Mode::Match => "match",
            Mode::Lower => "lower",
        }
    }
}

/// A running oracle.
pub struct Oracle {
    child: Child,
    input: Option<BufWriter<ChildStdin>>,
    output: BufReader<ChildStdout>,
}

/// Where `scripts/conformance` builds the oracle: `PYROQL_ORACLE`, else
/// `target/conformance/oracle` under the workspace.
pub fn default_path() -> PathBuf {
    if let Some(path) = std::env::var_os("PYROQL_ORACLE") {
        return PathBuf::from(path);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/conformance/oracle")
}

impl Oracle {
    pub fn start(path: &Path, mode: Mode) -> std::io::Result<Oracle> {
        let mut child = Command::new(path)
            .arg(mode.arg())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let input = child
            .stdin
            .take()
            .map(|s| BufWriter::with_capacity(1 << 20, s));
        let output = child
            .stdout
            .take()
            .map(|s| BufReader::with_capacity(1 << 20, s));
        Ok(Oracle {
            child,
            input,
            output: output.ok_or_else(|| std::io::Error::other("no stdout"))?,
        })
    }

    /// The oracle's `info` answer: versions of Go, Prometheus and the regexp module.
    pub fn info(path: &Path) -> std::io::Result<serde_json::Value> {
        let out = Command::new(path).arg("info").output()?;
        serde_json::from_slice(&out.stdout).map_err(std::io::Error::other)
    }

    /// The oracle's `match-info` answer: the versions behind `match` and `lower`.
    pub fn match_info(path: &Path) -> std::io::Result<serde_json::Value> {
        let out = Command::new(path).arg("match-info").output()?;
        serde_json::from_slice(&out.stdout).map_err(std::io::Error::other)
    }

    /// The answers for `inputs`, in order.
    pub fn ask(&mut self, inputs: &[Vec<u8>]) -> std::io::Result<Vec<Answer>> {
        self.ask_as(inputs)
    }

    /// The answers for `inputs`, in order, read as `T`. Inputs are written from a second
    /// thread while the answers are read, so that neither pipe fills up and blocks the other
    /// side.
    pub fn ask_as<T: serde::de::DeserializeOwned>(
        &mut self,
        inputs: &[Vec<u8>],
    ) -> std::io::Result<Vec<T>> {
        let mut input = self
            .input
            .take()
            .ok_or_else(|| std::io::Error::other("oracle input closed"))?;
        let output = &mut self.output;
        let (input, answers) = std::thread::scope(|scope| {
            let writer = scope.spawn(move || -> std::io::Result<BufWriter<ChildStdin>> {
                for bytes in inputs {
                    input.write_all(to_hex(bytes).as_bytes())?;
                    input.write_all(b"\n")?;
                }
                input.flush()?;
                Ok(input)
            });
            let mut answers = Vec::with_capacity(inputs.len());
            let mut line = String::new();
            let mut failure = None;
            for _ in inputs {
                line.clear();
                match output.read_line(&mut line) {
                    Ok(0) => {
                        failure = Some(std::io::Error::other("the oracle stopped answering"));
                        break;
                    }
                    Ok(_) => match serde_json::from_str::<T>(&line) {
                        Ok(answer) => answers.push(answer),
                        Err(e) => {
                            failure =
                                Some(std::io::Error::other(format!("bad answer {line:?}: {e}")));
                            break;
                        }
                    },
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                }
            }
            let input = writer
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("writer panicked")));
            match failure {
                Some(e) => (input, Err(e)),
                None => (input, Ok(answers)),
            }
        });
        self.input = Some(input?);
        answers
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        self.input = None;
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        let bytes = vec![0, 1, 0x7f, 0x80, 0xff, b'a'];
        assert_eq!(from_hex(&to_hex(&bytes)), Some(bytes));
        assert_eq!(to_hex(b"{}"), "7b7d");
        assert_eq!(from_hex("7"), None);
        assert_eq!(from_hex("zz"), None);
    }

    #[test]
    fn text_is_a_string_or_hex() {
        let valid: Text = serde_json::from_str(r#""a\u0000b""#).unwrap();
        assert_eq!(valid.0, b"a\0b");
        let invalid: Text = serde_json::from_str(r#"{"hex":"ff"}"#).unwrap();
        assert_eq!(invalid.0, vec![0xff]);
        assert_eq!(serde_json::to_string(&invalid).unwrap(), r#"{"hex":"ff"}"#);
        assert_eq!(serde_json::to_string(&Text::from("x")).unwrap(), r#""x""#);
        assert_eq!(show_bytes(b"a\xffb"), "a\\xffb");
    }
}
