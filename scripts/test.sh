#!/usr/bin/env bash
# Sets up what is missing and runs every test: the dependency audit (cargo deny), unit and native
# integration tests (cargo test), then builds the site as shipped (trunk build --release) and runs
# the browser tests in headless Chromium (playwright-core), without WebGPU (CPU backend) and with.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/env.sh"
cd "$here/.."
start=$(date +%s)
elapsed() { echo "$(( $(date +%s) - start ))s"; }

"$here/setup.sh"

ensure_browser

# cargo deny reads the registry's index from cargo's cache; on a new machine it is empty until
# the crates are fetched.
log "fetching the crates in Cargo.lock ($(elapsed))"
cargo fetch --locked

log "dependency audit: cargo deny ($(elapsed))"
if [ "$(cargo deny --version 2>/dev/null | awk '{print $2}')" != "$CARGO_DENY_VERSION" ]; then
  log "installing cargo-deny $CARGO_DENY_VERSION (about 4 minutes, once)"
  cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked
fi
# Licences, sources and banned crates need nothing but Cargo.lock. Security advisories need the
# RustSec database, fetched from its git repository: checked whenever it can be reached.
if timeout 120 cargo deny fetch db >/dev/null 2>&1; then
  cargo deny check
else
  log "the RustSec advisory database cannot be reached from here: advisories NOT checked"
  cargo deny --offline check licenses bans sources
fi

log "native tests: cargo test ($(elapsed))"
cargo test --locked

log "benchmark smoke run (a few steps; the timings are not checked) ($(elapsed))"
cargo run --locked --quiet --bin bench -- --warmup 1 --steps 3 --threads 2

log "building the site: trunk build --release ($(elapsed))"
trunk build --release

# The linker's output, before wasm-bindgen: its function names say whether the linker wrapped the
# exports in calls to the static constructors (src/startup.rs).
log "no export of the built WebAssembly runs the static constructors again ($(elapsed))"
wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown"
node scripts/check-constructors.mjs "$wasm/release-worker-z/trainer.wasm" \
  "$wasm/release-worker/trainer_cpu.wasm" "$wasm/release-page/app.wasm"

log "browser tests ($(elapsed))"
(cd tests/browser && npm test)

log "benchmark scripts smoke run: the browser driver and the table, a few steps ($(elapsed))"
smoke="$(mktemp)"
node bench/browser.mjs --models tiny --backends cpu,cpu-only,webgpu --warmup 1 --steps 3 --webgpu-warmup 1 \
  --webgpu-steps 1 --page | tee "$smoke"
python3 bench/summarize.py "$smoke"
if grep -q '"ok":false' "$smoke"; then
  echo "a benchmark smoke run failed" >&2
  exit 1
fi
rm -f "$smoke"

log "the page's long tasks while training, smoke run: one lesson, two seconds ($(elapsed))"
node bench/long-tasks.mjs --lessons charlm --seconds 2

log "the WebGPU launch counter, smoke run: one step of bench-tiny counted ($(elapsed))"
node bench/launches.mjs --models tiny --warmup 0 --steps 1

log "all tests passed in $(elapsed)"
