//! Where queries come from: arguments (`<argN>`), standard input (`<stdin>`) and files, each
//! input line numbered for the reports, read in large blocks and split without copying.

use std::borrow::Cow;
use std::ffi::OsString;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// One place queries come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The `n`th positional argument (from 1), one query however many lines it has.
    Argument(usize, OsString),
    /// Standard input, one query per line.
    Stdin,
    /// A file, one query per line.
    File(PathBuf),
}

impl Source {
    /// The name reports give it: `<arg2>`, `<stdin>` or the path as given.
    pub fn name(&self) -> Cow<'_, str> {
        match self {
            Source::Argument(n, _) => Cow::Owned(format!("<arg{n}>")),
            Source::Stdin => Cow::Borrowed("<stdin>"),
            Source::File(path) => path.to_string_lossy(),
        }
    }
}

/// The sources of a command: its positional arguments (`-` is standard input), numbered from
/// `first`, then its `--file`s; standard input when there are none.
pub fn sources(arguments: &[OsString], first: usize, files: &[PathBuf]) -> Vec<Source> {
    let mut sources: Vec<Source> = arguments
        .iter()
        .enumerate()
        .map(|(i, arg)| {
            if arg == "-" {
                Source::Stdin
            } else {
                Source::Argument(first + i, arg.clone())
            }
        })
        .collect();
    sources.extend(files.iter().map(|path| {
        if path == Path::new("-") {
            Source::Stdin
        } else {
            Source::File(path.clone())
        }
    }));
    if sources.is_empty() {
        sources.push(Source::Stdin);
    }
    sources
}

/// Opens a source that has lines to read.
pub fn open(source: &Source) -> io::Result<Box<dyn Read + Send>> {
    match source {
        Source::Stdin => Ok(Box::new(io::stdin())),
        Source::File(path) => Ok(Box::new(std::fs::File::open(path)?)),
        Source::Argument(..) => Ok(Box::new(io::empty())),
    }
}

/// One input: its bytes, and the same as text when they are known to be UTF-8 already.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub bytes: &'a [u8],
    pub text: Option<&'a str>,
}

impl<'a> Line<'a> {
    pub fn bytes(bytes: &'a [u8]) -> Self {
        Line { bytes, text: None }
    }

    /// The input as text, if it is UTF-8.
    pub fn text(self) -> Result<&'a str, std::str::Utf8Error> {
        match self.text {
            Some(text) => Ok(text),
            None => std::str::from_utf8(self.bytes),
        }
    }
}

/// How much a chunk reads at once; a line that does not fit makes it grow.
const BLOCK: usize = 256 * 1024;

/// Whole lines of a source.
#[derive(Debug)]
pub struct Chunk {
    /// The lines are `buffer[..len]`; the rest is room, kept for the buffer's next use.
    pub buffer: Vec<u8>,
    pub len: usize,
}

impl Chunk {
    pub fn lines(&self) -> &[u8] {
        &self.buffer[..self.len]
    }
}

/// Reads a source in chunks of whole lines, each as soon as the reader has it: a terminal or a
/// pipe gives its lines as they come.
pub struct Chunks<R> {
    reader: R,
    /// The start of a line whose end is not read yet.
    carry: Vec<u8>,
    done: bool,
}

impl<R: Read> Chunks<R> {
    pub fn new(reader: R) -> Self {
        Chunks {
            reader,
            carry: Vec::new(),
            done: false,
        }
    }

    /// The next chunk, read into `buffer` (a chunk's buffer handed back, or a new one): lines
    /// that each end in `\n`, or at the end of the input, the last line without one. `Ok(None)`
    /// at the end.
    pub fn next_chunk(&mut self, mut buffer: Vec<u8>) -> io::Result<Option<Chunk>> {
        if self.done {
            return Ok(None);
        }
        let mut len = self.carry.len();
        if buffer.len() < len + BLOCK {
            buffer.resize(len + BLOCK, 0);
        }
        buffer[..len].copy_from_slice(&self.carry);
        self.carry.clear();
        loop {
            if buffer.len() - len < BLOCK / 4 {
                // A line longer than the buffer: make room for the rest of it.
                buffer.resize(2 * buffer.len(), 0);
            }
            let read = loop {
                match self.reader.read(&mut buffer[len..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    other => break other,
                }
            };
            let n = match read {
                Ok(n) => n,
                Err(e) => {
                    self.done = true;
                    return Err(e);
                }
            };
            if n == 0 {
                self.done = true;
                return Ok((len > 0).then_some(Chunk { buffer, len }));
            }
            // Only the new bytes can hold the last line's end.
            let new = len;
            len += n;
            if let Some(last) = buffer[new..len].iter().rposition(|&b| b == b'\n') {
                let end = new + last + 1;
                self.carry.extend_from_slice(&buffer[end..len]);
                return Ok(Some(Chunk { buffer, len: end }));
            }
        }
    }
}

/// The lines of `bytes` as ranges, into `lines`: `\n` ends a line, a `\r` before it is dropped,
/// and the last line may lack its `\n`.
pub fn split_lines(bytes: &[u8], lines: &mut Vec<std::ops::Range<usize>>) {
    lines.clear();
    let mut start = 0;
    while start < bytes.len() {
        let end = find_newline(&bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line_end = if end > start && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        lines.push(start..line_end);
        start = end + 1;
    }
}

/// The offset of the first `\n` in `bytes`, eight bytes at a time.
fn find_newline(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const NEWLINES: u64 = u64::from_ne_bytes([b'\n'; 8]);
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes) ^ NEWLINES;
        // A byte of `word` is zero where a newline stood; the lowest flag marks the first one.
        let zeros = word.wrapping_sub(ONES) & !word & HIGHS;
        if zeros != 0 {
            return Some(at + (zeros.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == b'\n')
        .map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that gives its bytes a few at a time, as a pipe may.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(self.0.len()).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn lines(input: &[u8], step: usize) -> Vec<Vec<u8>> {
        let mut chunks = Chunks::new(Trickle(input, step));
        let mut out = Vec::new();
        let mut buffer = Vec::new();
        let mut ranges = Vec::new();
        while let Some(chunk) = chunks.next_chunk(buffer).unwrap() {
            split_lines(chunk.lines(), &mut ranges);
            out.extend(
                ranges
                    .iter()
                    .map(|range| chunk.lines()[range.clone()].to_vec()),
            );
            buffer = chunk.buffer;
        }
        out
    }

    #[test]
    fn splits_lines_of_any_length() {
        let long = vec![b'x'; 3 * BLOCK];
        let mut input = b"a\r\n\nbc\n".to_vec();
        input.extend_from_slice(&long);
        input.extend_from_slice(b"\n\rlast\r");
        let want = vec![
            b"a".to_vec(),
            vec![],
            b"bc".to_vec(),
            long,
            b"\rlast".to_vec(),
        ];
        for step in [1, 3, 4096, usize::MAX] {
            assert_eq!(lines(&input, step), want, "{step}");
        }
        assert_eq!(lines(b"", 1), Vec::<Vec<u8>>::new());
        assert_eq!(lines(b"\n", 1), vec![Vec::<u8>::new()]);
        assert_eq!(lines(b"\r\n", 1), vec![Vec::<u8>::new()]);
        assert_eq!(lines(b"a\nb\n", 100), vec![b"a".to_vec(), b"b".to_vec()]);
    }

    #[test]
    fn finds_the_first_newline() {
        for len in 0..40 {
            for at in 0..len {
                let mut bytes = vec![b'\xff'; len];
                bytes[at] = b'\n';
                if at + 1 < len {
                    bytes[len - 1] = b'\n';
                }
                assert_eq!(find_newline(&bytes), Some(at), "{len} {at}");
            }
            assert_eq!(find_newline(&vec![0x8a; len]), None);
            assert_eq!(find_newline(&vec![0x0b; len]), None);
        }
    }

    #[test]
    fn names_sources() {
        let sources = sources(&["{}".into(), "-".into()], 2, &[PathBuf::from("q.txt")]);
        let names: Vec<_> = sources.iter().map(|s| s.name().into_owned()).collect();
        assert_eq!(names, ["<arg2>", "<stdin>", "q.txt"]);
        assert_eq!(super::sources(&[], 1, &[])[0].name(), "<stdin>");
    }
}
