#!/usr/bin/env bash
# Installs tools/js's npm packages (the independent implementations the tests cross-check
# against, and Anvil) when they are missing or older than package-lock.json. The build runs it
# before the tests (root pom.xml, phase initialize), so `mvn -B verify` needs no other step.
set -euo pipefail
cd "${0%/*}"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "Atelier's tests need Node.js 18+ with npm (Debian/Ubuntu: apt install nodejs npm; others: https://nodejs.org); or build without tests: mvn -B -DskipTests package" >&2
  exit 1
fi

stamp=node_modules/.atelier-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

echo "tools/js: installing the npm packages pinned in package-lock.json (npm ci)"
npm ci --no-audit --no-fund --loglevel=error
echo "$want" >"$stamp"
