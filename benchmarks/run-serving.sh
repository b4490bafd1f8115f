#!/usr/bin/env bash
# The serving benchmark, as `benchmarks/run serving`; kept for the commands recorded in
# docs/BENCHMARKS.md.
exec "$(dirname "${BASH_SOURCE[0]}")/run" serving "$@"
