#!/usr/bin/env bash
# Sets up what is missing and runs every test: unit and native integration tests (cargo test),
# then builds the site as shipped (trunk build --release) and runs the browser tests in headless
# Chromium (playwright-core), once without WebGPU (CPU backend) and once with it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/env.sh"
cd "$here/.."
start=$(date +%s)
elapsed() { echo "$(( $(date +%s) - start ))s"; }

"$here/setup.sh"

if [ ! -x /usr/bin/chromium ]; then
  log "installing Chromium (headless browser tests)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver >/dev/null
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  log "installing playwright-core (drives the system Chromium; downloads no browser)"
  (cd tests/browser && npm ci --no-audit --no-fund)
fi

log "native tests: cargo test ($(elapsed))"
cargo test --locked

log "benchmark smoke run (a few steps; the timings are not checked) ($(elapsed))"
cargo run --locked --quiet --bin bench -- --warmup 1 --steps 3

log "building the site: trunk build --release ($(elapsed))"
trunk build --release

log "browser tests ($(elapsed))"
(cd tests/browser && npm test)

log "all tests passed in $(elapsed)"
