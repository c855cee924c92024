#!/usr/bin/env bash
# Consumer smoke test (run by .ci/run after `npm run build`): the packed package installed into a
# fresh project shaped like Pulumi's TypeScript template (strict, no skipLibCheck, no ts-node, no
# extra packages), type-checked with the project's own typescript, and planned in all four
# formats by the installed bin. The program is the README's Usage snippet, verbatim.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "consumer smoke test: $*" >&2; exit 1; }

cd "$root"
[ -f dist/bin/cli.js ] || fail "run npm run build first"
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -1)"

# The package: a license, the schemas, no source maps pointing at sources it does not ship.
tar -tzf "$tarball" > "$work/files.txt"
grep -qx 'package/LICENSE' "$work/files.txt" || fail "LICENSE missing from the package"
grep -q 'Apache License' <(tar -xOzf "$tarball" package/LICENSE) || fail "LICENSE is not Apache-2.0"
for s in plan-v1 plan-diff-v1 policy-v1; do
  grep -qx "package/schema/$s.schema.json" "$work/files.txt" || fail "schema/$s.schema.json missing"
done
grep -qx 'package/docs/api/classes/StorageEventTrigger.md' "$work/files.txt" || fail "API reference (docs/api) missing"
if grep -E '\.map$' "$work/files.txt"; then fail "source maps in the package"; fi
if grep -E '^package/(test|bench|stacks)/' "$work/files.txt"; then fail "development files in the package"; fi

app="$work/app"
mkdir "$app"
cd "$app"
# Pulumi's TypeScript template (pulumi/templates typescript + azure-typescript), with explicit versions.
cat > package.json <<'JSON'
{
  "name": "consumer-app",
  "main": "index.ts",
  "devDependencies": { "@types/node": "20.19.25", "typescript": "5.9.3" },
  "dependencies": { "@pulumi/pulumi": "3.248.0", "@pulumi/azure-native": "3.28.0" }
}
JSON
cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "strict": true,
    "outDir": "bin",
    "target": "es2020",
    "module": "commonjs",
    "moduleResolution": "node",
    "sourceMap": true,
    "experimentalDecorators": true,
    "pretty": true,
    "noFallthroughCasesInSwitch": true,
    "noImplicitReturns": true,
    "forceConsistentCasingInFileNames": true
  },
  "files": ["index.ts"]
}
JSON
cat > Pulumi.yaml <<'YAML'
name: consumer-app
description: A minimal Azure Native TypeScript Pulumi program
runtime:
  name: nodejs
  options:
    packagemanager: npm
YAML
# As `pulumi config set --secret logicAppUrl ...` writes it: the plan cannot decrypt it offline.
cat > Pulumi.dev.yaml <<'YAML'
config:
  consumer-app:logicAppUrl:
    secure: v1:ZdSsg+Ay5Kl1nHwN:AtkWbq9Zsn5uWCBCcVgbX4Zk0qgV0fF2q1Dz7uMp4zEaH6yN3kC1bQ==
YAML
node -e '
const t = require("fs").readFileSync(process.argv[1], "utf8");
const m = /^(`{3,})ts\n([\s\S]*?)^\1$/m.exec(t.slice(t.indexOf("## Usage")));
if (!m) throw new Error("no TypeScript block under ## Usage");
require("fs").writeFileSync("index.ts", m[2]);
' "$root/README.md"

npm install --prefer-offline --no-audit --no-fund "$tarball" > "$work/install.log" 2>&1 ||
  { cat "$work/install.log"; fail "npm install failed"; }
if grep -Ei 'peer|ERESOLVE|EBADENGINE|deprecated' "$work/install.log"; then fail "install warnings"; fi
[ ! -e node_modules/ts-node ] || fail "ts-node got installed"
[ ! -e node_modules/@pulumi/policy ] || fail "@pulumi/policy (optional peer) got installed"
[ ! -e node_modules/uuid ] || fail "uuid is in the tree ($(node -p 'require("uuid/package.json").version'))"

# The Azure SDK set a consumer resolves is the one the repository's tests run against.
node -e '
const fs = require("fs"), path = require("path");
const versions = (dir) => Object.fromEntries(fs.readdirSync(path.resolve(dir, "node_modules/@azure"))
  .map((p) => [p, require(path.resolve(dir, "node_modules/@azure", p, "package.json")).version]));
const ours = versions(process.argv[1]), theirs = versions(".");
const differ = Object.keys(theirs).filter((p) => ours[p] !== theirs[p]);
if (differ.length) { console.error(differ.map((p) => `@azure/${p}: consumer ${theirs[p]}, tests ${ours[p]}`).join("\n")); process.exit(1); }
' "$root" || fail "the consumer resolves other @azure/* versions than the tests use"

node_modules/.bin/tsc --noEmit -p . || fail "tsc failed in a strict project without skipLibCheck"

plan() { npx --no pulumi-mlops-scheduling plan --stack dev --from 2026-11-27T00:00:00Z "$@"; }
for format in text markdown json svg; do
  plan --format "$format" --out "plan.$format" 2> "plan-$format.err" ||
    { cat "plan-$format.err"; fail "plan --format $format exited $?"; }
  [ -s "plan.$format" ] || fail "plan.$format is empty"
  grep -qx 'plan: consumer-app:logicAppUrl in Pulumi.dev.yaml is a secret that cannot be decrypted offline; the program gets the placeholder "\[secret\]"' "plan-$format.err" ||
    { cat "plan-$format.err"; fail "no one-line note about the secret"; }
done
plan --typecheck > /dev/null 2>&1 || fail "plan --typecheck failed"
node -e '
const Ajv = require("ajv");
const plan = JSON.parse(require("fs").readFileSync("plan.json", "utf8"));
const schema = require("pulumi-mlops-scheduling/schema/plan-v1.schema.json");
const validate = new Ajv({ allErrors: true }).compile(schema);
if (!validate(plan)) throw new Error(JSON.stringify(validate.errors));
const names = plan.schedules.map((s) => s.name).sort().join(",");
if (names !== "forecasting-ingest-schedule,hourly-features-window") throw new Error(names);
if (JSON.stringify(plan).includes("ZdSsg")) throw new Error("ciphertext in the plan");
'
grep -q '<svg' plan.svg || fail "plan.svg is not an SVG"
grep -q 'forecasting-ingest-schedule' plan.text || fail "plan.text lacks the schedule"
# The README's npx lines for help and version, exactly as written (npx 10/11 keep a flag right
# after the package name for themselves, so these are what the README documents).
node -e '
const t = require("fs").readFileSync(process.argv[1], "utf8");
const m = /^```sh\n((?:npx --no pulumi-mlops-scheduling [^\n]*\n)+)```$/m.exec(t.slice(t.indexOf("Through npx")));
if (!m) throw new Error("no npx block after \"Through npx\" in the README");
require("fs").writeFileSync("npx-lines.txt", m[1]);
' "$root/README.md"
[ "$(wc -l < npx-lines.txt)" -ge 4 ] || fail "the README documents fewer than 4 npx lines"
version="$(node -p "require('$root/package.json').version")"
while IFS= read -r line; do
  out="$(bash -c "$line" 2>&1)" || fail "$line exited $?: $out"
  case "$line" in
  *version) [ "$out" = "$version" ] || fail "$line printed \"$out\", not $version" ;;
  *"plan --help") grep -q '^usage: pulumi-mlops-scheduling plan \[program\]' <<<"$out" || fail "$line: $out" ;;
  *) grep -q '^usage: pulumi-mlops-scheduling <command>' <<<"$out" || fail "$line: $out" ;;
  esac
done < npx-lines.txt
node_modules/.bin/pulumi-mlops-scheduling --version | grep -qx "$(node -p "require('$root/package.json').version")" ||
  fail "--version"
echo "consumer smoke test: packed, installed, type-checked and planned in 4 formats"
