//! One matrix drawn as a heatmap: a labelled grid of coloured cells, each carrying its number in
//! `data-value`. Shared by every matrix of the page (attention map, Q, K, V, scores, …).
//!
//! Readable for everyone: a fixed 0–1 sequential scale (viridis) for probabilities, a diverging
//! scale centred on 0 for signed numbers, each with a legend; the grid is an ARIA grid whose cells
//! are reached with the arrow keys (one tab stop for the whole grid) and announce their row,
//! column and value; and "table" shows the same numbers as a plain table.
//!
//! The cells are built once per shape and update in place, so keyboard focus survives the
//! updates that arrive while the model trains.

use std::cell::RefCell;
use std::fmt::Write;
use std::rc::Rc;

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::fields::Toggle;
use super::{ConceptHint, raw, store, texts};
use crate::colour::{
    dark_text_on, diverging, diverging_gradient, gradient, light_text_on_diverging, viridis,
};
use crate::concepts::ConceptId;
use crate::inspect::Matrix;
use crate::ui::paint_queue::{self, Paint};

/// The widest a cell grows: a small matrix in a wide panel keeps readable squares.
const MAX_CELL: &str = "4rem";
/// Up to this many columns a matrix asked for numbers prints them in its cells (a class token and
/// 16 patches or frames); wider ones are colour only, with the numbers in their table.
const MAX_NUMBERED_COLS: usize = 17;
/// Beyond this many columns the printed numbers are smaller, so the cells fit half the page.
const ROOMY_COLS: usize = 12;

/// Whether a matrix of `cols` columns asked for `numbers` prints them.
fn prints_numbers(numbers: bool, cols: usize) -> bool {
    numbers && cols <= MAX_NUMBERED_COLS
}

/// What the painting effect last wrote into one cell.
#[derive(Default, PartialEq)]
struct Shown {
    colour: String,
    /// The value's bits: NaN equals itself.
    value: u32,
    dark: bool,
    label: String,
    written: String,
    expected: bool,
}

/// Cells painted between two looks at the clock.
const CELLS_PER_CHECK: usize = 32;

/// The cells last painted, and what each shows (`None`: not written yet).
#[derive(Default)]
struct Painted {
    cells: Vec<web_sys::Element>,
    shown: Vec<Option<Shown>>,
    /// The next cell to paint: a paint out of time goes on from here.
    next: usize,
}

impl Painted {
    /// Points at the `count` cells of `grid`, found again only when they are new ones (a new
    /// shape, or back from the table): the cells painted before are then no longer in the page.
    /// False while the grid does not hold `count` cells.
    fn cells_of(&mut self, grid: &web_sys::Element, count: usize) -> bool {
        let current = self.cells.len() == count && self.cells.first().is_some_and(|cell| cell.is_connected());
        if !current {
            let Ok(found) = grid.query_selector_all("[role=gridcell]") else { return false };
            self.cells =
                (0..found.length()).filter_map(|i| found.item(i)).map(JsCast::unchecked_into).collect();
            self.shown = self.cells.iter().map(|_| None).collect();
            self.next = 0;
        }
        self.cells.len() == count
    }
}

/// Writes the cells of a grid, row by row after each row's header, unless it has them for its
/// shape: one string of markup per row, which the browser builds far faster than element by
/// element (a language model's step-by-step panel has nearly 7,000 cells). The markup holds only
/// numbers and fixed names; the paint writes colours, numbers and labels, and the matrix's effects
/// the tab stop and the lit row and column. The view updates the page in place, so a grid of
/// another shape keeps its element and the rows both shapes have, and one shown again after its
/// table may be the same element with new rows: each row is checked, not the grid.
fn fill_cells(
    grid: &web_sys::Element,
    shape: Option<(usize, usize)>,
    testid: &str,
    query_key: bool,
    active: (usize, usize),
) {
    let Some((n_rows, n_cols)) = shape else { return };
    let Ok(rows) = grid.query_selector_all("[role=row][data-cells]") else { return };
    if rows.length() as usize != n_rows {
        return; // the rows are not yet those of this shape: filled when they are
    }
    for row in (0..rows.length()).filter_map(|i| rows.item(i)) {
        let Ok(row) = row.dyn_into::<web_sys::Element>() else { continue };
        // Its header, then its cells.
        if row.child_element_count() as usize == n_cols + 1 {
            continue;
        }
        for_each_cell(&row, "[role=gridcell]", |cell| {
            cell.remove();
            Ok(())
        });
        let Some(r) = row.get_attribute("data-cells").and_then(|r| r.parse::<usize>().ok()) else { continue };
        let mut html = String::with_capacity(n_cols * 130);
        for c in 0..n_cols {
            let tab = if active == (r, c) { "0" } else { "-1" };
            let _ = write!(
                html,
                r#"<div role="gridcell" translate="no" class="cell" tabindex="{tab}" data-testid="{testid}" data-row="{r}" data-col="{c}""#
            );
            if query_key {
                let _ = write!(html, r#" data-q="{r}" data-k="{c}""#);
            }
            html.push_str("></div>");
        }
        let _ = row.insert_adjacent_html("beforeend", &html);
    }
}

/// Whether the matrix's element shows the grid (the view may reuse it for the table).
fn is_grid(element: &web_sys::Element) -> bool {
    element.get_attribute("role").as_deref() == Some("grid")
}

/// Applies `change` to every element of `grid` that `selector` matches.
fn for_each_cell(
    grid: &web_sys::Element,
    selector: &str,
    change: impl Fn(&web_sys::Element) -> Result<(), wasm_bindgen::JsValue>,
) {
    let Ok(found) = grid.query_selector_all(selector) else { return };
    for cell in (0..found.length()).filter_map(|i| found.item(i)) {
        if let Ok(cell) = cell.dyn_into::<web_sys::Element>() {
            let _ = change(&cell);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Values in [0, 1], drawn on a fixed 0–1 scale.
    Probability,
    /// Signed values, centred on 0, scaled to the matrix's largest magnitude.
    Signed,
}

/// A number short enough for a cell.
pub fn short(value: f32) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    let magnitude = value.abs();
    let text = if magnitude >= 10.0 {
        format!("{value:.0}")
    } else if magnitude >= 1.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    };
    // ".42" rather than "0.42": narrower cells.
    text.replacen("0.", ".", 1)
}

#[component]
pub fn MatrixView(
    /// `data-testid` of the whole matrix.
    testid: &'static str,
    /// What the matrix is (caption and ARIA label).
    #[prop(into)]
    label: Signal<String>,
    #[prop(into)] matrix: Signal<Option<Matrix>>,
    #[prop(into)] rows: Signal<Vec<String>>,
    #[prop(into)] cols: Signal<Vec<String>>,
    scale: Scale,
    /// `data-testid` of each cell (default `matrix-cell`).
    #[prop(optional)]
    cell_testid: Option<&'static str>,
    /// Also mark cells with `data-q`/`data-k` (attention maps: row = query, column = key).
    #[prop(optional)]
    query_key: bool,
    /// Print each value inside its cell.
    #[prop(optional)]
    numbers: bool,
    #[prop(optional, into)] highlight_row: Option<Signal<Option<usize>>>,
    #[prop(optional, into)] highlight_col: Option<Signal<Option<usize>>>,
    /// Told which cell is hovered or focused (`None` when none is).
    #[prop(optional)]
    on_cell: Option<Callback<Option<(usize, usize)>>>,
    /// Cells to outline (e.g. a lesson's expected attention pattern).
    #[prop(optional, into)]
    marked: Option<Signal<Vec<(usize, usize)>>>,
    /// The concept the matrix shows: its label gets the concept's inline hint.
    #[prop(optional)]
    concept: Option<ConceptId>,
) -> impl IntoView {
    let t = texts(store());
    let shape = Memo::new(move |_| matrix.with(|m| m.as_ref().map(|m| (m.rows, m.cols))));
    let max_abs = Memo::new(move |_| matrix.with(|m| m.as_ref().map_or(0.0, Matrix::max_abs)));
    let active = RwSignal::new((0usize, 0usize));
    let as_table = RwSignal::new(false);
    let grid_ref = NodeRef::<Div>::new();
    let report = move |cell: Option<(usize, usize)>| {
        if let Some(callback) = on_cell {
            callback.run(cell);
        }
    };
    let row_label = move |r: usize| rows.with(|l| l.get(r).cloned().unwrap_or_else(|| (r + 1).to_string()));
    let col_label = move |c: usize| cols.with(|l| l.get(c).cloned().unwrap_or_else(|| (c + 1).to_string()));
    let value_at = move |r: usize, c: usize| matrix.with(|m| m.as_ref().map_or(f32::NAN, |m| m.get(r, c)));

    let focus_cell = move |r: usize, c: usize| {
        active.set((r, c));
        let Some(grid) = grid_ref.get() else { return };
        let selector = format!("[data-row='{r}'][data-col='{c}']");
        if let Ok(Some(cell)) = grid.query_selector(&selector)
            && let Ok(cell) = cell.dyn_into::<web_sys::HtmlElement>()
        {
            let _ = cell.focus();
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some((n_rows, n_cols)) = shape.get_untracked() else { return };
        let (r, c) = active.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowUp" => (r.saturating_sub(1), c),
            "ArrowDown" => ((r + 1).min(n_rows.saturating_sub(1)), c),
            "ArrowLeft" => (r, c.saturating_sub(1)),
            "ArrowRight" => (r, (c + 1).min(n_cols.saturating_sub(1))),
            "Home" => (r, 0),
            "End" => (r, n_cols.saturating_sub(1)),
            _ => return,
        };
        ev.prevent_default();
        focus_cell(next.0, next.1);
        report(Some(next));
    };

    // One paint per matrix writes every cell: far cheaper than reactive attributes per cell,
    // which matters when a dozen matrices update several times a second during training. It keeps
    // what it wrote last and writes only what changed (every write hands strings from WebAssembly
    // to the page), and it runs from the paint queue, so that a panel of thousands of cells is
    // painted a slice at a time.
    // Writes the grid's cells where it lacks them (see `fill_cells`).
    let fill = move |grid: &web_sys::Element, shape: Option<(usize, usize)>| {
        fill_cells(grid, shape, cell_testid.unwrap_or("matrix-cell"), query_key, active.get_untracked())
    };
    let painted = Rc::new(RefCell::new(Painted::default()));
    let restart = painted.clone();
    let paint: Paint = Rc::new(move |deadline| {
        let Some(Some(grid)) = grid_ref.try_get_untracked() else { return true };
        // A matrix no longer on the page (another lesson), or shown as a table (perhaps in the
        // grid's element), is not painted.
        if !grid.is_connected() || !is_grid(&grid) {
            let _ = grid.remove_attribute("aria-busy");
            return true;
        }
        let (Some(row_names), Some(col_names)) = (rows.try_get_untracked(), cols.try_get_untracked()) else {
            return true;
        };
        let marked = marked.and_then(|m| m.try_get_untracked()).unwrap_or_default();
        let Some(max_abs) = max_abs.try_get_untracked() else { return true };
        let mut painted = painted.borrow_mut();
        let painted = &mut *painted;
        matrix
            .try_with_untracked(|m| {
                let Some(m) = m else { return true };
                // Written by the effect that queued this paint, unless the view has since given
                // the grid new rows.
                if !painted.cells_of(&grid, m.rows * m.cols) {
                    fill(&grid, Some((m.rows, m.cols)));
                }
                if !painted.cells_of(&grid, m.rows * m.cols) {
                    // The view has not yet given the grid the rows of this shape (it is updated
                    // in place, after this change): tried again in the next slice.
                    return false;
                }
                let numbered = prints_numbers(numbers, m.cols);
                let name =
                    |names: &[String], i: usize| names.get(i).cloned().unwrap_or_else(|| (i + 1).to_string());
                let from = painted.next;
                for i in from..painted.cells.len() {
                    if i > from && (i - from) % CELLS_PER_CHECK == 0 && paint_queue::now_ms() >= deadline {
                        painted.next = i;
                        return false;
                    }
                    let (cell, was) = (&painted.cells[i], &mut painted.shown[i]);
                    // The cells were built row by row.
                    let (r, c) = (i / m.cols, i % m.cols);
                    let value = m.get(r, c);
                    let (colour, dark) = match scale {
                        Scale::Probability => (viridis(value), dark_text_on(value)),
                        Scale::Signed => {
                            (diverging(value, max_abs), !light_text_on_diverging(value, max_abs))
                        }
                    };
                    // The label holds the number as written in the cell, then in full.
                    let written = if numbered { short(value) } else { String::new() };
                    let label = format!(
                        "{} · {}: {}({value:.4})",
                        name(&row_names, r),
                        name(&col_names, c),
                        if numbered { format!("{written} ") } else { String::new() },
                    );
                    let now = Shown {
                        colour,
                        value: value.to_bits(),
                        dark,
                        label,
                        written,
                        expected: marked.contains(&(r, c)),
                    };
                    let fresh = was.is_none();
                    let before = was.get_or_insert_with(Shown::default);
                    if fresh || before.colour != now.colour {
                        let _ = cell.set_attribute("style", &format!("background:{}", now.colour));
                    }
                    if fresh || before.value != now.value {
                        let _ = cell.set_attribute("data-value", &raw(value as f64));
                    }
                    if fresh || before.dark != now.dark {
                        let _ = cell.set_attribute("data-dark", if now.dark { "1" } else { "0" });
                    }
                    if fresh || before.label != now.label {
                        let _ = cell.set_attribute("aria-label", &now.label);
                    }
                    if numbered && (fresh || before.written != now.written) {
                        cell.set_text_content(Some(&now.written));
                    }
                    if fresh || before.expected != now.expected {
                        let _ = if now.expected {
                            cell.set_attribute("data-expected", "1")
                        } else {
                            cell.remove_attribute("data-expected")
                        };
                    }
                    *before = now;
                }
                painted.next = 0;
                // Every cell shows the latest numbers: the grid is no longer being updated.
                let _ = grid.remove_attribute("aria-busy");
                true
            })
            .unwrap_or(true)
    });
    Effect::new(move |_| {
        // What the paint reads: a change to any of it queues the paint.
        grid_ref.track();
        rows.track();
        cols.track();
        if let Some(marked) = marked {
            marked.track();
        }
        max_abs.track();
        matrix.track();
        // Until its paint has run, the grid tells assistive technology (and tests) that its
        // cells are being updated, so that none reads a grid half old and half new.
        if let Some(grid) = grid_ref.get_untracked().filter(|grid| is_grid(grid)) {
            fill(&grid, shape.get_untracked());
            let _ = grid.set_attribute("aria-busy", "true");
        }
        // New numbers: a paint under way starts over from the first cell.
        restart.borrow_mut().next = 0;
        paint_queue::queue(&paint);
    });

    // The cells themselves are markup written once per grid (see `fill_cells`); what changes
    // in them afterwards (the tab stop, the lit row and column) is written here, one effect per
    // matrix rather than one per cell.
    Effect::new(move |_| {
        let Some(grid) = grid_ref.get().filter(|grid| is_grid(grid)) else { return };
        let (r, c) = active.get();
        fill(&grid, shape.get());
        for_each_cell(&grid, "[role=gridcell][tabindex='0']", |cell| cell.set_attribute("tabindex", "-1"));
        for_each_cell(&grid, &format!("[role=gridcell][data-row='{r}'][data-col='{c}']"), |cell| {
            cell.set_attribute("tabindex", "0")
        });
    });
    Effect::new(move |_| {
        let Some(grid) = grid_ref.get().filter(|grid| is_grid(grid)) else { return };
        let row = highlight_row.and_then(|h| h.get());
        let col = highlight_col.and_then(|h| h.get());
        fill(&grid, shape.get());
        for_each_cell(&grid, "[role=gridcell].lit", |cell| cell.class_list().remove_1("lit"));
        let lit = [
            row.map(|r| format!("[role=gridcell][data-row='{r}']")),
            col.map(|c| format!("[role=gridcell][data-col='{c}']")),
        ];
        for selector in lit.iter().flatten() {
            for_each_cell(&grid, selector, |cell| cell.class_list().add_1("lit"));
        }
    });
    // Pointer and focus are heard once for the whole grid, not once per cell.
    let cell_of = move |target: Option<web_sys::EventTarget>| -> Option<(usize, usize)> {
        let grid = grid_ref.get_untracked()?;
        let cell = target?.dyn_into::<web_sys::Element>().ok()?.closest("[role=gridcell]").ok()??;
        if !grid.contains(Some(&cell)) {
            return None;
        }
        let index = |name: &str| cell.get_attribute(name)?.parse::<usize>().ok();
        Some((index("data-row")?, index("data-col")?))
    };
    let on_over = move |ev: leptos::ev::MouseEvent| {
        if let Some(cell) = cell_of(ev.target()) {
            report(Some(cell));
        }
    };
    let on_out = move |ev: leptos::ev::MouseEvent| {
        // Onto another cell of the grid, its `mouseover` follows and tells which.
        if cell_of(ev.target()).is_some() && cell_of(ev.related_target()).is_none() {
            report(None);
        }
    };
    let on_focus_in = move |ev: leptos::ev::FocusEvent| {
        if let Some(cell) = cell_of(ev.target()) {
            active.set(cell);
            report(Some(cell));
        }
    };
    let on_focus_out = move |ev: leptos::ev::FocusEvent| {
        if cell_of(ev.target()).is_some() {
            report(None);
        }
    };

    let grid = move || {
        let (n_rows, n_cols) = shape.get()?;
        // Keep the roving tab stop inside a smaller matrix.
        active.update_untracked(|a| {
            *a = (a.0.min(n_rows.saturating_sub(1)), a.1.min(n_cols.saturating_sub(1)))
        });
        let header = (0..n_cols)
            .map(|c| {
                let hot = move || highlight_col.is_some_and(|h| h.get() == Some(c));
                view! { <div class="key-label" class:hot=hot role="columnheader" translate="no"><span>{move || col_label(c)}</span></div> }
            })
            .collect_view();
        // Each row's cells follow its header, written by `fill_cells`.
        let body = (0..n_rows)
            .map(|r| {
                let hot = move || highlight_row.is_some_and(|h| h.get() == Some(r));
                view! {
                    <div role="row" class="grid-row" data-cells=r>
                        <div role="rowheader" class="query-label" class:hot=hot translate="no">{move || row_label(r)}</div>
                    </div>
                }
            })
            .collect_view();
        let dense = n_cols > ROOMY_COLS;
        Some(view! {
            <div
                role="grid"
                class="heatmap"
                class:dense=dense
                node_ref=grid_ref
                aria-label=move || label.get()
                data-rows=n_rows
                data-cols=n_cols
                // Cells that print their number need room; colour-only cells can be narrow. A few
                // cells in a wide panel stop growing at MAX_CELL instead of filling it.
                style=format!(
                    "grid-template-columns: auto repeat({n_cols}, minmax({}, {MAX_CELL}))",
                    match (prints_numbers(numbers, n_cols), n_cols > ROOMY_COLS) {
                        (true, false) => "1.55rem",
                        (true, true) => "1.3rem",
                        (false, _) => "0.8rem",
                    }
                )
                on:keydown=on_key
                on:mouseover=on_over
                on:mouseout=on_out
                on:focusin=on_focus_in
                on:focusout=on_focus_out
            >
                <div role="row" class="grid-row">
                    <div class="corner"></div>
                    {header}
                </div>
                {body}
            </div>
        })
    };

    let table = move || {
        let (n_rows, n_cols) = shape.get()?;
        let head = (0..n_cols).map(|c| view! { <th scope="col">{move || col_label(c)}</th> }).collect_view();
        let body = (0..n_rows)
            .map(|r| {
                let cells = (0..n_cols)
                    .map(|c| {
                        let value = move || value_at(r, c);
                        view! { <td data-row=r data-col=c data-value=move || raw(value() as f64)>{move || format!("{:.4}", value())}</td> }
                    })
                    .collect_view();
                view! { <tr><th scope="row">{move || row_label(r)}</th>{cells}</tr> }
            })
            .collect_view();
        Some(view! {
            <div class="matrix-table-wrap">
                <table class="matrix-table">
                    <caption>{move || label.get()}</caption>
                    <thead><tr><td></td>{head}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        })
    };

    let legend = move || match scale {
        Scale::Probability => view! {
            <span>"0"</span>
            <span class="ramp" style=format!("background:{}", gradient())></span>
            <span>"1"</span>
        }
        .into_any(),
        Scale::Signed => view! {
            <span>{move || format!("−{}", short(max_abs.get()))}</span>
            <span class="ramp" style=format!("background:{}", diverging_gradient())></span>
            <span>{move || format!("+{}", short(max_abs.get()))}</span>
        }
        .into_any(),
    };

    view! {
        <figure class="matrix" data-testid=testid data-shown=move || if as_table.get() { "table" } else { "grid" }>
            <figcaption class="matrix-head">
                <span class="matrix-label">{move || label.get()}{concept.map(|concept| view! { <ConceptHint concept/> })}</span>
                <span class="matrix-shape">{move || shape.get().map(|(r, c)| format!("{r}×{c}"))}</span>
                <Toggle testid="table-toggle" checked=as_table label=Signal::derive(move || t.get().as_table) class="small table-toggle"/>
            </figcaption>
            {move || if as_table.get() { table().into_any() } else { grid().into_any() }}
            <div class="legend" aria-hidden="true">{legend}</div>
        </figure>
    }
}
