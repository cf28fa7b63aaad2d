# Shared environment for the project's scripts. Source it; it sets variables and defines helpers.
#
# Build outputs and tools live outside the clone so that a fresh clone (or CI) on the same machine
# reuses them: a cold build of burn for two targets takes the better part of an hour on 2 cores.
AP_CACHE="${AP_CACHE:-$HOME/.cache/attention-playground}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$AP_CACHE/target}"
AP_TOOLS="$AP_CACHE/tools"
export PATH="$HOME/.cargo/bin:$AP_TOOLS/node_modules/.bin:$PATH"

# Pinned tool versions (see README, "Why these versions").
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132.0.0
CARGO_DENY_VERSION=0.20.2

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Run a command as root (directly when we are root, through sudo otherwise).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Headless Chromium from Debian and playwright-core (which drives it; it downloads no browser),
# for the browser tests and the browser benchmark. Run from the repository root.
ensure_browser() {
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Chromium (headless browser tests)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  if [ ! -d tests/browser/node_modules/playwright-core ]; then
    log "installing playwright-core"
    (cd tests/browser && npm ci --no-audit --no-fund)
  fi
}
