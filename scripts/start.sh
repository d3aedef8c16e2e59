#!/usr/bin/env bash
# `npm start`: installs what is missing, builds the modules, serves the page.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
bash scripts/ensure-deps.sh
bash scripts/build.sh
exec node scripts/serve.mjs
