#!/usr/bin/env bash
# Builds what `npm run test:engine` runs: the Pulumi CLI (engine) from the Go module proxy, and the
# stand-in Node.js language host in test/engine/langhost (the real one is not served by the proxy;
# see test/engine/README.md). Everything is cached outside the checkout; a second run only checks.
#
#   PULUMI_ENGINE_CACHE  cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-mlops-scheduling)
#
# Prints the bin directory on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

version=3.248.0
root=${PULUMI_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-mlops-scheduling}
cli_dir=$root/pulumi-v$version
bin=$root/bin-v$version
mkdir -p "$cli_dir" "$bin"

command -v go >/dev/null || { echo "build-engine: Go is required (machines of the polyglot kind have it)" >&2; exit 1; }

if [ ! -x "$cli_dir/bin/pulumi" ]; then
  echo "build-engine: building the Pulumi CLI v$version from the Go module proxy (several minutes on a cold cache)" >&2
  start=$(date +%s)
  (
    cd "$cli_dir"
    [ -f go.mod ] || go mod init pulumi-cli-build >/dev/null 2>&1
    # `go get` of the package path (not only the module) so that go.sum covers every import.
    go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$version"
    go build -o bin/pulumi.tmp github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    mv bin/pulumi.tmp bin/pulumi
  )
  echo "build-engine: CLI built in $(($(date +%s) - start)) s" >&2
fi
ln -sf "$cli_dir/bin/pulumi" "$bin/pulumi"

# The language host is rebuilt whenever its source changes.
langhost_hash=$(cat test/engine/langhost/go.mod test/engine/langhost/go.sum test/engine/langhost/*.go | sha256sum | cut -c1-16)
if [ "$(cat "$bin/.langhost-hash" 2>/dev/null)" != "$langhost_hash" ] || [ ! -x "$bin/pulumi-language-nodejs" ]; then
  start=$(date +%s)
  (cd test/engine/langhost && go build -o "$bin/pulumi-language-nodejs.tmp" .)
  mv "$bin/pulumi-language-nodejs.tmp" "$bin/pulumi-language-nodejs"
  echo "$langhost_hash" >"$bin/.langhost-hash"
  echo "build-engine: language host built in $(($(date +%s) - start)) s" >&2
fi

# Plugins the Node.js SDK ships as scripts next to the real language host: dynamic providers and
# policy packs run from the program's own @pulumi/pulumi.
cat >"$bin/pulumi-resource-pulumi-nodejs" <<'SH'
#!/bin/sh
exec node "$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")" "$@"
SH
cat >"$bin/pulumi-analyzer-policy" <<'SH'
#!/bin/sh
exec node "$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))")" "$@"
SH
chmod +x "$bin/pulumi-resource-pulumi-nodejs" "$bin/pulumi-analyzer-policy"

"$bin/pulumi" version >/dev/null
echo "$bin"
