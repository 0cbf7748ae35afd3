//! What the regexp and matching labs report of a run: its progress, the counts by class, by
//! family and by Go's verdict, the slow inputs; and long text cut to fit.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// An input pyroql should answer within this long, or it is reported.
pub const SLOW: Duration = Duration::from_secs(2);

/// The counts of a run, by name: each class, each family's agreements and differences, Go's
/// verdicts, and the inputs pyroql was slow on.
#[derive(Default)]
pub struct Counts {
    classes: BTreeMap<&'static str, usize>,
    families: BTreeMap<(&'static str, bool), usize>,
    verdicts: BTreeMap<String, usize>,
    slow: Vec<(String, Duration)>,
    slowest: Duration,
}

impl Counts {
    /// Counts an input of `family` in `class`; `agree` when that is the class of agreement.
    pub fn add(&mut self, family: &'static str, class: &'static str, agree: bool) {
        *self.classes.entry(class).or_default() += 1;
        *self.families.entry((family, agree)).or_default() += 1;
    }

    /// Counts one of Go's verdicts (its error code).
    pub fn verdict(&mut self, code: String) {
        *self.verdicts.entry(code).or_default() += 1;
    }

    /// Notes how long pyroql took on `input`.
    pub fn took(&mut self, input: &str, took: Duration) {
        self.slowest = self.slowest.max(took);
        if took > SLOW {
            self.slow.push((input.to_owned(), took));
        }
    }

    /// How many inputs were counted.
    pub fn total(&self) -> usize {
        self.classes.values().sum()
    }

    /// Whether pyroql answered every input in time.
    pub fn none_slow(&self) -> bool {
        self.slow.is_empty()
    }

    /// Prints the counts: of each of `classes` and `families` (names `width` wide, in the order
    /// given), Go's verdicts under the heading `verdicts`, and the first `show` slow inputs.
    pub fn print(
        &self,
        width: usize,
        classes: &[&str],
        families: &[&str],
        verdicts: &str,
        show: usize,
    ) {
        for &class in classes {
            let n = self.classes.get(class).unwrap_or(&0);
            println!("  {class:<width$} {n}");
        }
        println!(
            "  {:<width$} {} (slowest {:?})",
            "slower than 2 s",
            self.slow.len(),
            self.slowest
        );
        println!("by family (agree / differ):");
        for &family in families {
            let agree = self.families.get(&(family, true)).unwrap_or(&0);
            let differ = self.families.get(&(family, false)).unwrap_or(&0);
            println!("  {family:<width$} {agree} / {differ}");
        }
        println!("{verdicts}");
        for (code, n) in &self.verdicts {
            println!("  {code:<50} {n}");
        }
        for (input, took) in self.slow.iter().take(show) {
            println!("slow ({took:?}): {}", shorten(input));
        }
    }
}

/// Runs a live differential of `count` fresh inputs, `batch` at a time: `run` is handed each
/// batch's size. Progress goes to standard error every 50,000 `inputs`.
pub fn in_batches(
    count: usize,
    batch: usize,
    inputs: &str,
    mut run: impl FnMut(usize) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let started = Instant::now();
    let mut done = 0;
    while done < count {
        let size = (count - done).min(batch);
        run(size)?;
        done += size;
        if done % 50_000 < size {
            eprintln!("  {done} {inputs}, {:?}", started.elapsed());
        }
    }
    Ok(())
}

/// Long text cut to its start and end, with its length.
pub fn shorten(text: &str) -> String {
    if text.len() <= 300 {
        return text.to_owned();
    }
    let head: String = text.chars().take(120).collect();
    let tail: String = text
        .chars()
        .rev()
        .take(60)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("{head}…{tail} ({} bytes)", text.len())
}
