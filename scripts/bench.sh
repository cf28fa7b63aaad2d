#!/usr/bin/env bash
# The speed benchmark, ours and the peers' in one run: this project natively (burn's CPU backend,
# release build) and in headless Chromium (CPU and WebGPU paths of the built site), PyTorch CPU
# eager and TensorFlow.js 4.22 (cpu, wasm, webgl, webgpu) in the same Chromium, on the workloads
# of bench/peers/SPEC.md. Rounds are interleaved (every program once per round) and the table
# gives the median over rounds. Sets up what is missing first (the peers' environments live in a
# cache folder outside the clone: PyTorch's wheels are ~3 GB).
#
#   scripts/bench.sh [--runs 3] [--models tiny,small] [--threads 1,2] [--budget-s 150]
#                    [--no-torch] [--no-tfjs] [--no-webgpu] [--no-build] [--quick]
#                    [--chromium-arg FLAG ...]
#
# --threads: the thread counts, PyTorch's and ours natively (ours shares each batch between its
# threads, see src/bin/bench.rs).
# --budget-s caps each TF.js run (its driver's option). Our WebGPU runs take the spec's steps on a
# GPU, and 2 + 10 where the browser's adapter is a software one (SwiftShader: WebGPU on the CPU,
# seconds per step); --webgpu-steps sets their timed steps either way.
# --quick: one round of 2 + 10 steps, to check that everything runs (the numbers mean little).
# --chromium-arg: a flag for both browsers, ours and TF.js's (repeatable), e.g. what Chromium
# needs to reach a machine's GPU. Both start with the same flags otherwise (the peers' driver's),
# so WebGPU and WebGL run on the machine's GPU where Chromium finds one and on SwiftShader where
# it does not; the table says which adapter each GPU run used, and gives a WebGPU ratio only where
# both ran on the same one.
# Raw JSON lines and the table are kept in $AP_CACHE/bench/<time>/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/env.sh"
cd "$here/.."

runs=3 models=tiny,small threads=1,2 budget=150 warmup=20 steps=200 webgpu_steps=
torch=1 tfjs=1 webgpu=1 build=1
chromium_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift ;;
    --models) models=$2; shift ;;
    --threads) threads=$2; shift ;;
    --budget-s) budget=$2; shift ;;
    --webgpu-steps) webgpu_steps=$2; shift ;;
    --no-torch) torch=0 ;;
    --no-tfjs) tfjs=0 ;;
    --no-webgpu) webgpu=0 ;;
    --no-build) build=0 ;;
    --quick) runs=1 warmup=2 steps=10 webgpu_steps=2 budget=30 ;;
    --chromium-arg) chromium_args+=(--chromium-arg "$2"); shift ;;
    *) echo "unknown option $1 (see the head of $0)" >&2; exit 2 ;;
  esac
  shift
done
backends=cpu,cpu-only
[ "$webgpu" = 1 ] && backends=cpu,cpu-only,webgpu
tfjs_backends=cpu,wasm,webgl
[ "$webgpu" = 1 ] && tfjs_backends=cpu,wasm,webgl,webgpu

out="$AP_CACHE/bench/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
results="$out/results.jsonl"
peers="$AP_CACHE/peers"

# --- set up -------------------------------------------------------------------------------------
"$here/setup.sh"
ensure_browser
if [ "$build" = 1 ]; then
  log "building the native benchmark (release) and the site (trunk build --release)"
  cargo build --locked --release --bin bench
  trunk build --release
fi
if [ "$torch" = 1 ] && ! "$peers/venv/bin/python" -c 'import torch, numpy' 2>/dev/null; then
  log "installing PyTorch and NumPy in $peers/venv (PyPI's wheels: ~3 GB, a few minutes, once)"
  python3 -m venv "$peers/venv"
  "$peers/venv/bin/pip" install --quiet torch numpy
fi
if [ "$tfjs" = 1 ]; then
  # The TF.js driver serves its own folder, node_modules included: copy the kit next to them.
  mkdir -p "$peers/tfjs"
  cp bench/peers/tfjs/*.js bench/peers/tfjs/*.html bench/peers/tfjs/*.json "$peers/tfjs/"
  if ! cmp -s bench/peers/tfjs/package-lock.json "$peers/tfjs/node_modules/.package-lock.json.copy" 2>/dev/null; then
    log "installing TensorFlow.js 4.22 for the peer page (npm)"
    (cd "$peers/tfjs" && npm ci --no-audit --no-fund --silent)
    cp bench/peers/tfjs/package-lock.json "$peers/tfjs/node_modules/.package-lock.json.copy"
  fi
fi

# --- the machine --------------------------------------------------------------------------------
cores=$(nproc)
model_name=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mhz=$(sed -n 's/^cpu MHz[[:space:]]*: //p' /proc/cpuinfo | head -1)
# FP32 FLOPs per cycle per core: two FMA units of 16 (AVX-512), 8 (AVX2) or 4 (SSE) lanes.
lanes=4
grep -qw avx2 /proc/cpuinfo && lanes=8
grep -qw avx512f /proc/cpuinfo && lanes=16
peak=$(python3 -c "print(round($cores * $mhz / 1000 * 2 * 2 * $lanes))")
peak_note="$cores cores × ${mhz%.*} MHz × 2 FMA units × $lanes FP32 lanes × 2; theoretical"
if [ "$torch" = 1 ]; then
  measured=$("$peers/venv/bin/python" - <<'EOF'
import time, torch
a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
for _ in range(3): a @ b
best = 0.0
for _ in range(10):
    t = time.perf_counter(); a @ b; best = max(best, 2 * 2048**3 / (time.perf_counter() - t) / 1e9)
print(round(best))
EOF
)
  peak_note="$peak_note; a 2048² FP32 matmul in PyTorch (MKL, all cores) reaches $measured GFLOP/s here"
fi
{
  echo "machine: $model_name, $cores cores, $(free -g | awk '/^Mem:/{print $2}') GiB; $(uname -sr)"
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null)"
  echo "command: scripts/bench.sh --runs $runs --models $models --threads $threads --budget-s $budget ${chromium_args[*]} (warm-up $warmup, timed $steps, WebGPU timed ${webgpu_steps:-$steps on a GPU, 10 on a software adapter})"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
} > "$out/machine.txt"
cat "$out/machine.txt" >&2

# --- the rounds ---------------------------------------------------------------------------------
bin="$CARGO_TARGET_DIR/release/bench"
for round in $(seq 1 "$runs"); do
  log "round $round of $runs"
  for t in ${threads//,/ }; do
    "$bin" --models "$models" --warmup "$warmup" --steps "$steps" --threads "$t" | tee -a "$results"
  done
  if [ "$torch" = 1 ]; then
    for t in ${threads//,/ }; do
      for m in ${models//,/ }; do
        "$peers/venv/bin/python" bench/peers/torch_ref.py --model "$m" --threads "$t" \
          --warmup "$warmup" --steps "$steps" | tee -a "$results"
      done
    done
  fi
  node bench/browser.mjs --models "$models" --backends "$backends" --warmup "$warmup" --steps "$steps" \
    ${webgpu_steps:+--webgpu-steps "$webgpu_steps"} $([ "$round" = 1 ] && echo --page) "${chromium_args[@]}" | tee -a "$results"
  if [ "$tfjs" = 1 ]; then
    # Exit code 1 means some backend failed; its line says which, and the table lists it.
    (cd "$peers/tfjs" && node run_tfjs.js --backends "$tfjs_backends" --models "$models" \
      --warmup "$warmup" --steps "$steps" --budget-s "$budget" "${chromium_args[@]}") | tee -a "$results" || true
  fi
done

python3 bench/summarize.py "$results" --peak-gflops "$peak" --peak-note "$peak_note" | tee "$out/table.md"
log "results in $out"
