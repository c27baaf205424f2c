#!/usr/bin/env bash
# Install backguard with its test extras into .venv and run the whole test suite.
# Also installs Microsoft's SARIF validator (npm) when npm is available, so the
# suite can validate reports with it; the tests require it when CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

if command -v npm >/dev/null 2>&1; then
  npm install --silent --no-audit --no-fund --prefix .ci/node @microsoft/sarif-multitool@5.7.0 \
    || echo "warning: could not install @microsoft/sarif-multitool" >&2
  tool=.ci/node/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
  if [ -f "$tool" ]; then
    chmod u+x "$tool"
    export BACKGUARD_SARIF_MULTITOOL="$PWD/$tool"
  fi
fi

export SEMGREP_ENABLE_VERSION_CHECK=0
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "error: pytest collected no tests" >&2
  exit 1
fi
exit "$status"
