#!/usr/bin/env bash
# Sets up what is missing, then serves the app at http://127.0.0.1:8080/ with `trunk serve`
# (rebuilds on change). Extra arguments go to trunk, e.g. `scripts/serve.sh --release`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/env.sh"
"$here/setup.sh"
cd "$here/.."
log "fetching crates (Trunk builds offline)"
cargo fetch --locked
log "serving on http://127.0.0.1:8080/"
exec trunk serve "$@"
