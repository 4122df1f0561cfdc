#!/usr/bin/env bash
# `npm test`: everything from a fresh Debian 12 checkout to a tested build, in order:
#   npm packages → Debian packages → build → typecheck → lint → vitest.
# Each stage is skipped only when its work is already done, so a second run costs a few dpkg calls.
# Extra arguments go to vitest (`npm test -- test/e2e`).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "npm test: $*" >&2
  exit 1
}

stage() {
  local name=$1
  shift
  echo "==> $name"
  "$@" || fail "stage '$name' failed (exit $?)"
}

# 1. npm packages. npm writes node_modules/.package-lock.json on every install, so it is newer than
#    package-lock.json exactly when node_modules matches the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  stage 'npm ci' npm ci
fi

# 2. Debian packages for the test hosts (sshd, Docker, a static busybox for containers and port
#    listeners, sudo for hosts' non-root users: see test/hosts/hosts-up.sh; tcsh as a login shell
#    that is not POSIX, for test/integration/noisy-login.test.ts).
#    `a|b` accepts either; Docker's own docker-ce conflicts with Debian's docker.io.
required=(openssh-server tmux unzip zip iproute2 iptables 'docker.io|docker-ce' busybox-static procps psmisc sudo openssl tcsh)

# Installed, not merely known to dpkg (a removed package keeps its config files and its entry).
installed() {
  local status
  status=$(dpkg -s "$1" 2>/dev/null) && [[ $status == *$'\nStatus: install ok installed'* ]]
}

if ! command -v dpkg >/dev/null; then
  fail "cannot check the system packages the tests need (no dpkg: not Debian?): ${required[*]//|/ or }." \
    "Install them, or run only the unit tests with npx vitest run --project unit."
fi
missing=()
for alternatives in "${required[@]}"; do
  found=no
  for package in ${alternatives//|/ }; do
    if installed "$package"; then found=yes; fi
  done
  # Install the first alternative, Debian's own package.
  if [ "$found" = no ]; then missing+=("${alternatives%%|*}"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  install=(apt-get install -y --no-install-recommends "${missing[@]}")
  if [ "$(id -u)" -ne 0 ]; then
    echo "npm test: the tests need these Debian packages: ${missing[*]}" >&2
    echo "Install them as root, then run npm test again:" >&2
    echo "  sudo apt-get update && sudo ${install[*]}" >&2
    exit 1
  fi
  stage 'apt-get update' apt-get update
  stage "apt-get install ${missing[*]}" env DEBIAN_FRONTEND=noninteractive "${install[@]}"
fi
# sshd refuses to start without its privilege separation directory, which only systemd creates.
if [ "$(id -u)" -eq 0 ]; then mkdir -p /run/sshd; fi

# 3–6. Build first: the end-to-end tests run dist/cli.js.
stage build npm run build
stage typecheck npm run typecheck
stage lint npm run lint
# The bench project (npm run bench:change) measures; it is not part of the tests.
stage vitest npx vitest run --project unit --project integration "$@"
