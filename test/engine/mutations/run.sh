#!/usr/bin/env bash
# Each mutation of issue 18 (a patch of lib/) must make its engine scenario fail: applies the patch,
# runs the scenario (npm run test:engine rebuilds dist/), expects a failure, reverts the patch.
# Not part of CI (one engine run per mutation). Usage: bash test/engine/mutations/run.sh [name...]
set -uo pipefail
cd "$(dirname "$0")/../../.."
declare -A SCENARIO=(
  [case1-secret-in-state]="rotated client secret: state keeps no secret"
  [case2-no-restart-hook]="up --target <trigger>: the updated"
  [case3-hold-ignored]="hold: a trigger stopped by hand"
  [case4-one-process-wide-slot]="Automation API"
  [case5-404-fails-the-hook]="a trigger deleted by hand"
  [case6-no-feature-check]="a CLI older than the floor"
  [case7-hook-ignores-override]="credentials: the activation uses"
  [case7-no-retry-after-cap]="Retry-After: 3600"
  [case7-no-load-time-registration]="removing every trigger"
)
names=("$@")
[ ${#names[@]} -eq 0 ] && names=($(printf '%s\n' "${!SCENARIO[@]}" | sort))
status=0
for name in "${names[@]}"; do
  patch="test/engine/mutations/$name.patch"
  git apply "$patch" || { echo "$name: does not apply"; status=1; continue; }
  log=$(mktemp)
  npm run --silent test:engine -- --grep "${SCENARIO[$name]}" >"$log" 2>&1
  rc=$?
  git apply -R "$patch"
  if [ $rc -ne 0 ] && grep -q "engine: [0-9]* passed, [1-9]" "$log"; then
    echo "$name: killed by '${SCENARIO[$name]}'"
    grep -v "warning: using" "$log" | grep -m3 -E "Error|error:|expected" | sed 's/^/    /'
  else
    echo "$name: SURVIVED ('${SCENARIO[$name]}' passed)"
    status=1
  fi
  rm -f "$log"
done
npm run --silent build >/dev/null
exit $status
