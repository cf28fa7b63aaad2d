#!/usr/bin/env python3
"""Tabulates benchmark JSON lines (ours and the peers') as Markdown: steps/s per workload (median
over runs, min-max and n), GFLOP/s, the share of the machine's peak, and the target ratios.

    python3 bench/summarize.py results.jsonl [--peak-gflops 150] [--peak-note "..."]

Standard library only, so it runs without the peers' environments.
"""
import argparse
import json
import statistics
import sys

MODELS = ("tiny", "small")
# (label, our backend, peer, peer backends (the best of them counts), target ratio)
TARGETS = [
    ("Browser, CPU path (CPU chosen where WebGPU is offered) vs TF.js best CPU backend (cpu, wasm)",
     "browser-cpu", "tfjs", ("cpu", "wasm"), 2.0),
    ("Browser, CPU path (a browser without WebGPU: the CPU-only worker) vs TF.js best CPU backend",
     "browser-cpu-only", "tfjs", ("cpu", "wasm"), 2.0),
    ("Browser, WebGPU path vs TF.js webgpu", "browser-webgpu", "tfjs", ("webgpu",), 1.5),
]


def adapter(line):
    """The GPU (WebGPU adapter or WebGL renderer) a run used, as its line says; None for CPU runs.
    Ours: the backend badge ("WebGPU — … — adapter: google swiftshader (software fallback
    adapter)"); TF.js: its backend_info ("google / swiftshader")."""
    info = line.get("backend_info") or {}
    if info.get("adapter") or info.get("renderer"):
        return info.get("adapter") or info.get("renderer")
    badge = line.get("adapter") or ""
    # A CPU run's badge may name the adapter it did not use.
    if badge.startswith("WebGPU") and "adapter: " in badge:
        return badge.split("adapter: ", 1)[1].strip()
    return None


def same_adapter(ours, theirs):
    """Whether our badge's adapter ("vendor architecture description") is the TF.js line's
    ("vendor / architecture / device / description"): its vendor and architecture are in ours."""
    parts = [p.strip().lower() for p in theirs.split(" / ")[:2] if p.strip()]
    return bool(parts) and all(p in ours.lower() for p in parts)


def key(line):
    threads = line.get("threads")
    return (line["peer"], line["backend"], threads if isinstance(threads, int) else None)


def fmt(x, digits=3):
    if x is None:
        return "–"
    if x >= 100:
        return f"{x:.0f}"
    return f"{x:.{digits}g}"


def spread(values):
    med = statistics.median(values)
    if len(values) == 1:
        return f"**{fmt(med)}** (n=1)"
    return f"**{fmt(med)}** ({fmt(min(values))}–{fmt(max(values))}, n={len(values)})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--peak-gflops", type=float, default=None)
    ap.add_argument("--peak-note", default="")
    args = ap.parse_args()

    runs, pages, failures = {}, [], []
    for name in args.files:
        with open(name) as f:
            for raw in f:
                raw = raw.strip()
                if not raw.startswith("{"):
                    continue
                line = json.loads(raw)
                if line.get("model") == "page":
                    pages.append(line)
                elif line.get("ok", True) and "steps_per_s" in line and "mode" not in line:
                    runs.setdefault(key(line), {}).setdefault(line["model"], []).append(line)
                elif not line.get("ok", True):
                    failures.append(line)

    def median_speed(k, model):
        lines = runs.get(k, {}).get(model)
        return statistics.median(l["steps_per_s"] for l in lines) if lines else None

    out = []
    out.append("| program | backend | threads | bench-tiny steps/s | bench-small steps/s | GFLOP/s tiny / small"
               + (" | % of peak (small)" if args.peak_gflops else "") + " | final loss tiny / small | notes |")
    out.append("|---|---|---|---|---|---|" + ("---|" if args.peak_gflops else "") + "---|---|")
    order = sorted(runs, key=lambda k: (k[0] != "attention-playground", k[0], k[1], k[2] or 0))
    for k in order:
        cells, gflops, losses, notes = [], [], [], set()
        for model in MODELS:
            lines = runs[k].get(model, [])
            speeds = [l["steps_per_s"] for l in lines]
            cells.append(spread(speeds) if speeds else "–")
            flops = next((l.get("flops_per_step") for l in lines if l.get("flops_per_step")), None)
            gflops.append(statistics.median(speeds) * flops / 1e9 if speeds and flops else None)
            losses.append(statistics.median(l["final_loss"] for l in lines) if lines else None)
            cut = [str(l.get("steps_done")) for l in lines if l.get("truncated")]
            if cut:
                notes.add(f"{model}: cut by the time budget ({', '.join(cut)} timed steps)")
            for l in lines:
                if not l.get("truncated") and l.get("steps") not in (None, 200):
                    notes.add(f"{model}: {l['warmup']} + {l['steps']} steps")
                if adapter(l):
                    notes.add(f"on {adapter(l)}")
        peak = ""
        if args.peak_gflops:
            peak = f" | {100 * gflops[1] / args.peak_gflops:.2g} %" if gflops[1] else " | –"
        threads = k[2] if k[2] is not None else "–"
        out.append(f"| {k[0]} | {k[1]} | {threads} | {cells[0]} | {cells[1]} | "
                   f"{fmt(gflops[0])} / {fmt(gflops[1])}{peak} | {fmt(losses[0], 2)} / {fmt(losses[1], 2)} | "
                   f"{'; '.join(sorted(notes))} |")

    out.append("")
    out.append("| target | bench-tiny | bench-small | goal |")
    out.append("|---|---|---|---|")

    def adapters(k, model):
        return {adapter(l) for l in runs.get(k, {}).get(model, []) if adapter(l)}

    def ratio_row(label, ours, peers, goal):
        cells = []
        for model in MODELS:
            mine = median_speed(ours, model)
            theirs = [s for s in (median_speed(p, model) for p in peers) if s]
            if mine is None or not theirs:
                cells.append("not measured")
                continue
            # A GPU comparison counts only where both sides ran on the same adapter.
            ours_on, peers_on = adapters(ours, model), set().union(*(adapters(p, model) for p in peers))
            if any(not same_adapter(a, b) for a in ours_on for b in peers_on):
                cells.append(f"not comparable: ours on {', '.join(sorted(ours_on))}, "
                             f"the peer on {', '.join(sorted(peers_on))}")
                continue
            r = mine / max(theirs)
            cells.append(f"**{r:.2f}×** {'met' if r >= goal else 'not met'}")
        out.append(f"| {label} | {cells[0]} | {cells[1]} | ≥ {goal}× |")

    for label, ours, peer, backends, goal in TARGETS:
        peers = [k for k in runs if k[0] == peer and k[1] in backends]
        ratio_row(label, ("attention-playground", ours, 1), peers, goal)
    # Natively, each thread count of PyTorch's against ours on as many threads (ours shares each
    # batch between its threads), and against ours on one thread.
    for threads in sorted({k[2] for k in runs if k[0] == "pytorch" and k[2] is not None}):
        plural = "s" if threads > 1 else ""
        ours = ("attention-playground", "burn-flex", threads)
        if ours in runs:
            ratio_row(f"Native CPU, ours on {threads} thread{plural} vs PyTorch eager on {threads} thread{plural}",
                      ours, [("pytorch", "cpu-eager", threads)], 1.0)
        if threads > 1:
            ratio_row(f"Native CPU, ours on 1 thread vs PyTorch eager on {threads} thread{plural}",
                      ("attention-playground", "burn-flex", 1), [("pytorch", "cpu-eager", threads)], 1.0)

    longest = [l.get("longest_task_ms") for k, v in runs.items() if k[0] == "attention-playground"
               for lines in v.values() for l in lines if l.get("longest_task_ms") is not None]
    if longest:
        out.append("")
        out.append(f"Longest main-thread task during our browser runs: **{max(longest):.0f} ms** "
                   f"(goal: never over 50 ms; median of runs {statistics.median(longest):.0f} ms).")
    for p in pages:
        if not p.get("ok"):
            out.append(f"\nPage run ({p['backend']}) failed: {p.get('error')}")
            continue
        out.append("")
        out.append(f"First visit ({p['backend']}): {p['first_visit_gzip_bytes'] / 1e6:.2f} MB gzip downloaded "
                   f"(whole site {p['dist_gzip_bytes'] / 1e6:.2f} MB gzip); first contentful paint "
                   f"{p['first_contentful_paint_ms']} ms, page ready {p['page_ready_ms']} ms, first training step "
                   f"{p['first_step_ms']} ms after navigation.")
    if args.peak_gflops:
        out.append("")
        out.append(f"Peak used for the % column: {args.peak_gflops:.0f} GFLOP/s ({args.peak_note}).")
    for f in failures:
        out.append(f"\nFailed: {f.get('peer')} {f.get('backend')} {f.get('model')}: {f.get('error')}")
    print("\n".join(out))


if __name__ == "__main__":
    sys.exit(main())
