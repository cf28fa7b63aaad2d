//! Large views repaint a slice at a time. A language model's step-by-step panel holds nearly 7,000
//! matrix cells, all new four times a second while it trains; painted in one go they would hold
//! the page for a fifth of a second each time, and a click or a key would wait that long.
//!
//! A view queues its paint when its numbers change (one entry per view: a newer change replaces
//! nothing, the paint reads the latest numbers when it runs). The queue runs right after the
//! change, in the same task, for about [`SLICE_MS`]; what is left runs in the next tasks, with the
//! page free to answer in between. Small lessons fit one slice and paint at once.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

/// The longest one slice of paints runs before the page gets the thread back.
const SLICE_MS: f64 = 16.0;

/// One view's paint: reads its latest numbers and writes them into the page.
pub type Paint = Rc<dyn Fn()>;

#[derive(Default)]
struct Queue {
    paints: VecDeque<Paint>,
    /// A slice is due: queued and not yet run.
    due: bool,
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::default();
}

/// Queues `paint` (once, however often it is asked before it runs).
pub fn queue(paint: &Paint) {
    let start = QUEUE.with_borrow_mut(|queue| {
        if !queue.paints.iter().any(|queued| Rc::ptr_eq(queued, paint)) {
            queue.paints.push_back(paint.clone());
        }
        !std::mem::replace(&mut queue.due, true)
    });
    if start {
        // After the other effects of this change, still in its task.
        leptos::task::spawn_local(async { run_slice() });
    }
}

/// Runs queued paints for about [`SLICE_MS`], then hands the rest to a later task.
fn run_slice() {
    let start = now_ms();
    loop {
        let next = QUEUE.with_borrow_mut(|queue| queue.paints.pop_front());
        let Some(paint) = next else {
            QUEUE.with_borrow_mut(|queue| queue.due = false);
            return;
        };
        paint();
        if now_ms() - start >= SLICE_MS {
            break;
        }
    }
    let rest = QUEUE.with_borrow(|queue| !queue.paints.is_empty());
    if rest {
        gloo_timers::callback::Timeout::new(0, run_slice).forget();
    } else {
        QUEUE.with_borrow_mut(|queue| queue.due = false);
    }
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
