#!/usr/bin/env bash
# `npm run test:engine`: builds (or finds cached) the Pulumi CLI and the stand-in language host,
# compiles the library (the engine programs use dist/, as an installed package would), runs the
# engine scenarios, and ends with one line counting them.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build-engine.sh >/dev/null
# CI has just built dist/ (.ci/run): build again only when a source is newer than the build.
stamp=dist/lib/index.js
if [ ! -f "$stamp" ] || [ -n "$(find lib bin policy-pack package.json tsconfig.json tsconfig.build.json -newer "$stamp" -print -quit)" ]; then
  npm run --silent build
fi

log=$(mktemp)
set +e
npx mocha --config test/engine/.mocharc.json "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
count() { grep -Eo "^ +[0-9]+ $1" "$log" | grep -Eo '[0-9]+' | tail -1 || true; }
passed=$(count passing)
failed=$(count failing)
rm -f "$log"
# One word before the colon: CI reads "WORD: N passed, N failed" as a closing line.
echo "engine: ${passed:-0} passed, ${failed:-0} failed"
if [ "${passed:-0}" -eq 0 ]; then
  echo "no engine scenario ran" >&2
  exit 1
fi
exit "$status"
