//! Large views repaint a slice at a time. A language model's step-by-step panel holds nearly 7,000
//! matrix cells, all new four times a second while it trains; painted in one go they would hold
//! the page for a fifth of a second each time, and a click or a key would wait that long.
//!
//! A view queues its paint when its numbers change (one entry per view: a newer change replaces
//! nothing, the paint reads the latest numbers when it runs). The queue runs right after the
//! change, in the same task, until that task has run for about [`SLICE_MS`] (counted from the
//! worker's message that brought the numbers, when one did); what is left runs in the next tasks,
//! [`SLICE_MS`] each, with the page free to answer in between. A paint stops at the slice's end
//! too, in the middle of a matrix if need be, and goes on from there. Small lessons fit one slice
//! and paint at once.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

/// The longest a task runs before the page gets the thread back, paints included.
const SLICE_MS: f64 = 16.0;
/// A message older than this did not start the task that paints now.
const SAME_TASK_MS: f64 = 50.0;

/// One view's paint: writes its latest numbers into the page until the deadline (in
/// `performance.now()` milliseconds) has passed, and says whether it is done. Not done, it goes on
/// where it stopped when called again, in the next slice.
pub type Paint = Rc<dyn Fn(f64) -> bool>;

#[derive(Default)]
struct Queue {
    paints: VecDeque<Paint>,
    /// A slice is due: queued and not yet run.
    due: bool,
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::default();
    /// When the task began that handles the worker's latest message.
    static MESSAGE_AT: Cell<Option<f64>> = const { Cell::new(None) };
}

/// Called as a message from the worker arrives: the paints it causes share its task's time.
pub fn message_arrived() {
    MESSAGE_AT.set(Some(now_ms()));
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
        leptos::task::spawn_local(async { run_slice(true) });
    }
}

/// Runs queued paints until the slice's deadline, then hands the rest to a later task.
fn run_slice(in_changing_task: bool) {
    let now = now_ms();
    let began = match MESSAGE_AT.take() {
        Some(at) if in_changing_task && now - at < SAME_TASK_MS => at,
        _ => now,
    };
    let deadline = began + SLICE_MS;
    loop {
        let next = QUEUE.with_borrow(|queue| queue.paints.front().cloned());
        let Some(paint) = next else { break };
        let done = paint(deadline);
        if done {
            QUEUE.with_borrow_mut(|queue| {
                if queue.paints.front().is_some_and(|front| Rc::ptr_eq(front, &paint)) {
                    queue.paints.pop_front();
                }
            });
        }
        if !done || now_ms() >= deadline {
            break;
        }
    }
    let rest = QUEUE.with_borrow_mut(|queue| {
        queue.due = !queue.paints.is_empty();
        queue.due
    });
    if rest {
        gloo_timers::callback::Timeout::new(0, || run_slice(false)).forget();
    }
}

/// Milliseconds on the page's clock.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
