//! The memory estimate shown before training (`src/size.rs`) against what training really
//! allocates: every allocation of this test binary is counted, and the peak while a model is
//! built, trains and is evaluated must stay under the estimate, and not far under it: at most
//! 2.5 times (an estimate ten times too big would refuse models that fit).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use attention_playground::config::{Config, LessonId};
use attention_playground::lessons::{self, Split};
use attention_playground::train::Trainer;
use burn::tensor::Device;
use pollster::block_on;

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = IN_USE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Bytes allocated at the peak of `work`, above what was in use before it. (A measurement
/// inside another leaves the outer one's peak as it would have been.)
fn peak_of<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let outer = PEAK.load(Ordering::Relaxed);
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = work();
    let peak = PEAK.load(Ordering::Relaxed);
    PEAK.fetch_max(outer, Ordering::Relaxed);
    (out, peak.saturating_sub(before))
}

struct Case {
    lesson: LessonId,
    d_model: usize,
    d_ff: usize,
    n_heads: usize,
    n_layers: usize,
    batch_size: usize,
}

fn mb(bytes: impl Into<u64>) -> f64 {
    bytes.into() as f64 / 1e6
}

// One test, so that no other test allocates while a peak is measured.
#[test]
fn the_estimate_covers_the_measured_peak_and_is_not_far_above_it() {
    let cases = [
        // Token vectors dominate.
        Case {
            lesson: LessonId::Sentiment,
            d_model: 128,
            d_ff: 128,
            n_heads: 2,
            n_layers: 2,
            batch_size: 96,
        },
        // The feed-forward's hidden layer dominates.
        Case { lesson: LessonId::CharLm, d_model: 32, d_ff: 1024, n_heads: 2, n_layers: 2, batch_size: 96 },
        // Many heads: the scores and weights dominate.
        Case { lesson: LessonId::Sentiment, d_model: 32, d_ff: 64, n_heads: 8, n_layers: 2, batch_size: 192 },
        // An encoder–decoder, and a vision transformer.
        Case {
            lesson: LessonId::Translate,
            d_model: 64,
            d_ff: 128,
            n_heads: 4,
            n_layers: 2,
            batch_size: 128,
        },
        Case { lesson: LessonId::Patches, d_model: 64, d_ff: 128, n_heads: 4, n_layers: 2, batch_size: 128 },
    ];
    let mut failures = Vec::new();
    for case in cases {
        let config = Config {
            d_model: case.d_model,
            d_ff: case.d_ff,
            n_heads: case.n_heads,
            n_layers: case.n_layers,
            batch_size: case.batch_size,
            ..lessons::defaults(case.lesson)
        };
        let data = lessons::load(&config);
        let ((training, estimate, evaluating, shape), peak) = peak_of(|| {
            let mut trainer = Trainer::from_data(&config, data, &Device::flex(), false).expect("trainer");
            let shape = trainer.shape();
            let estimate = shape.footprint();
            // Two steps: the first also creates the optimiser's moments.
            let (_, training) = peak_of(|| {
                for _ in 0..2 {
                    block_on(trainer.step()).expect("step");
                }
            });
            let (_, evaluating) =
                peak_of(|| block_on(trainer.evaluate(Split::Validation)).expect("evaluate"));
            (training, estimate, evaluating, shape)
        });
        let training_estimate = estimate.batch as u64 * estimate.per_example_bytes;
        println!(
            "{:?} len={} held_out={} d={} ff={} h={} layers={} batch={}: whole run {:.1} MB, estimate {:.1} MB; a step {:.1} MB \
             (estimate {:.1} MB); evaluation {:.1} MB (estimate {:.1} MB)",
            case.lesson,
            shape.len,
            shape.held_out,
            case.d_model,
            case.d_ff,
            case.n_heads,
            case.n_layers,
            case.batch_size,
            mb(peak as u64),
            mb(estimate.bytes()),
            mb(training as u64),
            mb(training_estimate),
            mb(evaluating as u64),
            mb(estimate.eval_bytes),
        );
        let measured = peak as u64;
        if measured > estimate.bytes() || 2 * estimate.bytes() > 5 * measured {
            failures.push(format!(
                "{:?}: measured {:.1} MB, estimated {:.1} MB",
                case.lesson,
                mb(measured),
                mb(estimate.bytes())
            ));
        }
    }
    assert!(failures.is_empty(), "estimate outside [measured, 2.5 × measured]: {failures:#?}");
}
