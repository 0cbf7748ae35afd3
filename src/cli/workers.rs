//! Handling a command's inputs: each argument whole, and the lines of standard input and files
//! on every core, written in input order.

use std::io::{self, Read};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};
use std::thread;

use super::input::{self, split_lines, Chunk, Chunks, Line, Source};
use super::output::{Output, Settings, Stop, Streams};

/// What a command does with one input: the source's name, the input's line number in it, and
/// the input.
pub trait Handler: Fn(&mut Output<'_>, &str, usize, Line<'_>) + Sync {}

impl<H: Fn(&mut Output<'_>, &str, usize, Line<'_>) + Sync> Handler for H {}

/// Runs `handle` on each input of `sources` in order: each argument whole, each line of standard
/// input and of files; writes what it says on `streams`; the status of the whole run.
pub fn run_inputs(settings: &Settings, sources: &[Source], handle: &impl Handler) -> u8 {
    let mut streams = Streams::new();
    let result = each_input(settings, &mut streams, sources, handle);
    streams.finish(result)
}

fn each_input(
    settings: &Settings,
    streams: &mut Streams,
    sources: &[Source],
    handle: &impl Handler,
) -> Result<(), Stop> {
    for source in sources {
        let name = source.name();
        if let Source::Argument(_, text) = source {
            let mut out = Output::new(settings);
            handle(&mut out, &name, 1, Line::bytes(text.as_encoded_bytes()));
            streams.write(out.into_transcript())?;
            continue;
        }
        match input::open(source) {
            Ok(reader) => each_line_in_parallel(settings, streams, &name, reader, handle)?,
            Err(error) => {
                let mut out = Output::new(settings);
                out.unreadable(&name, &error);
                streams.write(out.into_transcript())?;
            }
        }
    }
    Ok(())
}

/// Handles the lines of `reader` on every core: one thread reads chunks of whole lines and deals
/// them out to the workers in turn, and this one writes what each says, in the same turn, so
/// that the output keeps the input's order. Closing standard output stops them all.
fn each_line_in_parallel(
    settings: &Settings,
    streams: &mut Streams,
    name: &str,
    reader: Box<dyn Read + Send>,
    handle: &impl Handler,
) -> Result<(), Stop> {
    let workers = thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let numbering = Numbering::default();
    let numbering = &numbering;
    thread::scope(|scope| {
        // Buffers go round: the reader fills them, a worker hands each back when done.
        let (give_back, spares) = mpsc::channel::<Vec<u8>>();
        let mut inboxes = Vec::with_capacity(workers);
        let mut outboxes = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (to_worker, inbox) = mpsc::sync_channel::<(usize, io::Result<Chunk>)>(1);
            let (outbox, from_worker) = mpsc::sync_channel(1);
            let give_back = give_back.clone();
            scope.spawn(move || {
                let mut lines = Vec::new();
                for (turn, chunk) in inbox {
                    let mut out = Output::new(settings);
                    match chunk {
                        Ok(chunk) => {
                            let bytes = chunk.lines();
                            split_lines(bytes, &mut lines);
                            let skipped = usize::from(chunk.skipped.is_some());
                            let first = numbering.first_line(turn, lines.len() + skipped);
                            // Checked once for the chunk rather than line by line: lines end at
                            // ASCII bytes, so each line of UTF-8 text is text too.
                            let text = std::str::from_utf8(bytes).ok();
                            for (i, range) in lines.iter().enumerate() {
                                let line = Line {
                                    bytes: &bytes[range.clone()],
                                    text: text.and_then(|text| text.get(range.clone())),
                                };
                                handle(&mut out, name, first + i, line);
                            }
                            if let Some(len) = chunk.skipped {
                                out.skipped_line(name, first + lines.len(), len);
                            }
                            let _ = give_back.send(chunk.buffer);
                        }
                        Err(error) => {
                            numbering.first_line(turn, 0);
                            out.unreadable(name, &error);
                        }
                    }
                    if outbox.send(out.into_transcript()).is_err() {
                        // Nothing more is written: whoever waits for a chunk this worker will
                        // not take must not wait forever.
                        numbering.abandon();
                        break;
                    }
                }
            });
            inboxes.push(to_worker);
            outboxes.push(from_worker);
        }
        drop(give_back);
        scope.spawn(move || {
            let mut chunks = Chunks::new(reader);
            for turn in 0.. {
                let buffer = spares.try_recv().unwrap_or_default();
                let (chunk, last) = match chunks.next_chunk(buffer) {
                    Ok(Some(chunk)) => (Ok(chunk), false),
                    Ok(None) => break,
                    Err(error) => (Err(error), true),
                };
                if inboxes[turn % workers].send((turn, chunk)).is_err() || last {
                    break;
                }
            }
        });
        let written = (0..).try_for_each(|turn| match outboxes[turn % workers].recv() {
            Ok(transcript) => streams.write(transcript).map_err(Some),
            // That worker has no more: every chunk was written.
            Err(_) => Err(None),
        });
        // Stopped early or done: either way no worker waits for a count any more.
        numbering.abandon();
        match written {
            Err(Some(stop)) => Err(stop),
            _ => Ok(()),
        }
    })
}

/// The number of each chunk's first line, which the workers learn in turn: each counts the lines
/// of its chunk and waits for the chunks before it to be counted.
struct Numbering {
    /// The next chunk to count, and how many lines the chunks before it have; `None` once the
    /// run is given up.
    counted: Mutex<Option<(usize, usize)>>,
    turn: Condvar,
}

impl Default for Numbering {
    fn default() -> Self {
        Numbering {
            counted: Mutex::new(Some((0, 0))),
            turn: Condvar::new(),
        }
    }
}

impl Numbering {
    /// The number of the first line of chunk `turn`, which has `lines` lines.
    fn first_line(&self, turn: usize, lines: usize) -> usize {
        let mut counted = self.counted.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            match *counted {
                Some((next, before)) if next == turn => {
                    *counted = Some((next + 1, before + lines));
                    self.turn.notify_all();
                    return before + 1;
                }
                // What this chunk says will not be written: any number will do.
                None => return 0,
                Some(_) => {
                    counted = self
                        .turn
                        .wait(counted)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            }
        }
    }

    fn abandon(&self) {
        let mut counted = self.counted.lock().unwrap_or_else(PoisonError::into_inner);
        *counted = None;
        self.turn.notify_all();
    }
}
