#!/usr/bin/env bash
# Runs one command under Node 24 LTS, the recommended runtime, in a checkout that `npm ci` set up for
# the machine's own Node (20 here), and exits with that command's status. The only part of the checkout
# tied to a Node version is better-sqlite3's compiled addon (node_modules/better-sqlite3/build/Release):
# the TypeScript runs through tsx and packages/client/dist is plain JavaScript. So this swaps that one
# file for a Node 24 build and puts the machine's build back afterwards, however the command ends.
#
# Node 24 is the npm registry's `node` package, installed into a tool folder outside the checkout and
# reused. The addon is compiled against the headers of Node 24.18.1, not of the runtime: from 24.19.0
# on, node_object_wrap.h (header-only, so compiled into the addon) removes a cleanup hook in the
# destructor of every wrapped object, and when V8 collects a better-sqlite3 Statement outside a
# context that aborts the process (nodejs/node#65446: "Assertion failed: (env) != nullptr"). The same
# ABI (137) serves every 24.x; better-sqlite3's published prebuilt binaries predate 24.19 too.
# Usage: scripts/with-node24.sh npm test
set -uo pipefail
cd "$(dirname "$0")/.."

version="${TESSERA_NODE24_VERSION:-24.21.0}"
headers_version=24.18.1
tool="${TESSERA_NODE24_DIR:-${TMPDIR:-/tmp}/tessera-node24}"
platform="$(node -p 'process.platform + "-" + process.arch')"
bin="$tool/node_modules/node/node_modules/node-$platform/bin"
headers="$tool/headers-$headers_version"
addon=node_modules/better-sqlite3/build/Release/better_sqlite3.node
sqlite_version="$(node -p 'require("./node_modules/better-sqlite3/package.json").version')" || exit 1
# A Node 24 build is kept per better-sqlite3 version and header version: a rerun skips the compile.
built24="$tool/better-sqlite3-$sqlite_version-headers-$headers_version.node"

loads() { # loads NODE: can that Node open a database with the addon now in place?
  "$1" -e 'new (require("better-sqlite3"))(":memory:").close()' >/dev/null 2>&1
}

if [ "$("$bin/node" --version 2>/dev/null)" != "v$version" ]; then
  echo "with-node24: installing node@$version into $tool"
  rm -rf "$tool/node_modules" && mkdir -p "$tool" || exit 1
  npm install --prefix "$tool" --no-save --no-audit --no-fund --no-package-lock "node@$version" || exit 1
  [ "$("$bin/node" --version 2>/dev/null)" = "v$version" ] || { echo "with-node24: no node $version in $tool"; exit 1; }
fi
if [ ! -f "$headers/include/node/node_object_wrap.h" ]; then
  echo "with-node24: fetching the headers of Node $headers_version"
  rm -rf "$headers" && mkdir -p "$headers" || exit 1
  tarball="$(cd "$tool" && npm pack --silent "node-$platform@$headers_version")" || exit 1
  tar -xzf "$tool/$tarball" -C "$headers" --strip-components=1 package/include
  status=$?
  rm -f "$tool/$tarball"
  [ "$status" -eq 0 ] || { rm -rf "$headers"; exit 1; }
fi

saved="$(mktemp)"
cp "$addon" "$saved" || exit 1
restore() {
  mkdir -p "$(dirname "$addon")" && cp "$saved" "$addon" && rm -f "$saved"
  # The saved file was not the machine's build (an earlier run stopped halfway): build it again.
  if ! loads node; then
    echo "with-node24: rebuilding better-sqlite3 for $(node --version)"
    npm_config_build_from_source=true npm rebuild better-sqlite3
  fi
}
trap restore EXIT
trap 'exit 130' INT TERM

[ -f "$built24" ] && cp "$built24" "$addon"
if ! loads "$bin/node"; then
  echo "with-node24: building better-sqlite3 for Node 24 against the headers of $headers_version"
  PATH="$bin:$PATH" npm_config_build_from_source=true npm rebuild better-sqlite3 --nodedir="$headers" || exit 1
  loads "$bin/node" || { echo "with-node24: better-sqlite3 does not load under Node $version"; exit 1; }
  # Copied in whole or not at all: another checkout may be reading the cache at the same time.
  cp "$addon" "$built24.$$" && mv "$built24.$$" "$built24"
fi
# The mark of the 24.19+ header: an addon that calls this aborts when V8 collects one of its objects.
if grep -q RemoveEnvironmentCleanupHook "$addon"; then
  echo "with-node24: the better-sqlite3 addon removes ObjectWrap cleanup hooks (built against Node >= 24.19 headers)"
  rm -f "$built24"
  exit 1
fi

echo "with-node24: $(PATH="$bin:$PATH" node --version): $*"
PATH="$bin:$PATH" "$@"
