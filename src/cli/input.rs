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

/// The bytes of `reader` up to `limit` and one more: all it takes to tell that a file is longer
/// than `limit` (`/dev/zero` never ends).
pub fn read_at_most(reader: impl Read, limit: usize) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
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

/// The longest line read, 64 MiB (four times the longest query `pyroql::parse` reads): a longer
/// one is counted and skipped, not kept, so that no input (`/dev/zero`) can fill the memory.
pub const LINE_LIMIT: usize = 64 << 20;

/// Whole lines of a source.
#[derive(Debug)]
pub struct Chunk {
    /// The lines are `buffer[..len]`; the rest is room, kept for the buffer's next use.
    pub buffer: Vec<u8>,
    pub len: usize,
    /// The length of a line after those, longer than [`LINE_LIMIT`], which was skipped.
    pub skipped: Option<usize>,
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
        // What a skipped line left over may hold whole lines: those go first.
        if let Some(last) = buffer[..len].iter().rposition(|&b| b == b'\n') {
            let end = last + 1;
            self.carry.extend_from_slice(&buffer[end..len]);
            return Ok(Some(Chunk {
                buffer,
                len: end,
                skipped: None,
            }));
        }
        loop {
            // No line ends in `buffer[..len]`: it holds one line, unfinished.
            if len > LINE_LIMIT {
                return self.skip_line(buffer, len).map(Some);
            }
            if buffer.len() - len < BLOCK / 4 {
                // A line longer than the buffer: make room for the rest of it.
                let room = (2 * buffer.len()).min(LINE_LIMIT + BLOCK);
                buffer.resize(room, 0);
            }
            let n = self.read(&mut buffer[len..])?;
            if n == 0 {
                self.done = true;
                let chunk = Chunk {
                    buffer,
                    len,
                    skipped: None,
                };
                return Ok((len > 0).then_some(chunk));
            }
            // Only the new bytes can hold the unfinished line's end.
            let new = len;
            len += n;
            let Some(first) = buffer[new..len].iter().position(|&b| b == b'\n') else {
                continue;
            };
            let line_len = new + first;
            if line_len > LINE_LIMIT {
                self.carry.extend_from_slice(&buffer[line_len + 1..len]);
                return Ok(Some(Chunk {
                    buffer,
                    len: 0,
                    skipped: Some(line_len),
                }));
            }
            let last = buffer[new..len].iter().rposition(|&b| b == b'\n');
            let end = new + last.unwrap_or(first) + 1;
            self.carry.extend_from_slice(&buffer[end..len]);
            return Ok(Some(Chunk {
                buffer,
                len: end,
                skipped: None,
            }));
        }
    }

    /// One read into `buffer`, tried again when interrupted; an error ends the source.
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        loop {
            match self.reader.read(buffer) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.done = true;
                    return Err(e);
                }
                Ok(n) => return Ok(n),
            }
        }
    }

    /// Reads on to the end of a line longer than [`LINE_LIMIT`], of which `read` bytes are in
    /// `buffer`, counting its bytes and keeping none: a chunk of that line alone, skipped.
    fn skip_line(&mut self, mut buffer: Vec<u8>, mut read: usize) -> io::Result<Chunk> {
        loop {
            let n = self.read(&mut buffer)?;
            if n == 0 {
                self.done = true;
                break;
            }
            if let Some(end) = buffer[..n].iter().position(|&b| b == b'\n') {
                self.carry.extend_from_slice(&buffer[end + 1..n]);
                read += end;
                break;
            }
            read += n;
        }
        Ok(Chunk {
            buffer,
            len: 0,
            skipped: Some(read),
        })
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
    fn skips_lines_longer_than_the_limit() {
        let long = io::repeat(b'x').take(LINE_LIMIT as u64 + 5);
        let input = io::Cursor::new(b"a\n".to_vec())
            .chain(long)
            .chain(io::Cursor::new(b"\nb\nc".to_vec()));
        let mut chunks = Chunks::new(input);
        let mut seen = Vec::new();
        let mut buffer = Vec::new();
        let mut ranges = Vec::new();
        while let Some(chunk) = chunks.next_chunk(buffer).unwrap() {
            split_lines(chunk.lines(), &mut ranges);
            for range in &ranges {
                seen.push(String::from_utf8(chunk.lines()[range.clone()].to_vec()).unwrap());
            }
            if let Some(len) = chunk.skipped {
                seen.push(format!("skipped {len}"));
            }
            assert!(chunk.buffer.len() <= LINE_LIMIT + BLOCK);
            buffer = chunk.buffer;
        }
        let skipped = format!("skipped {}", LINE_LIMIT + 5);
        assert_eq!(seen, ["a", skipped.as_str(), "b", "c"]);
        // The long line's end, and whole lines after it, in one read.
        let mut input = vec![b'x'; LINE_LIMIT + 1];
        input.extend_from_slice(b"\nd\ne\n");
        let mut chunks = Chunks::new(Trickle(&input, usize::MAX));
        let chunk = chunks.next_chunk(Vec::new()).unwrap().unwrap();
        assert_eq!((chunk.len, chunk.skipped), (0, Some(LINE_LIMIT + 1)));
        let chunk = chunks.next_chunk(chunk.buffer).unwrap().unwrap();
        assert_eq!((chunk.lines(), chunk.skipped), (&b"d\ne\n"[..], None));
        assert!(chunks.next_chunk(chunk.buffer).unwrap().is_none());
        // A line that reaches the end of the input unfinished.
        let mut chunks = Chunks::new(io::repeat(b'y').take(LINE_LIMIT as u64 + 1));
        let chunk = chunks.next_chunk(Vec::new()).unwrap().unwrap();
        assert_eq!((chunk.len, chunk.skipped), (0, Some(LINE_LIMIT + 1)));
        assert!(chunks.next_chunk(chunk.buffer).unwrap().is_none());
        // A line of the limit exactly is read.
        let mut chunks = Chunks::new(io::repeat(b'z').take(LINE_LIMIT as u64));
        let chunk = chunks.next_chunk(Vec::new()).unwrap().unwrap();
        assert_eq!((chunk.len, chunk.skipped), (LINE_LIMIT, None));
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
