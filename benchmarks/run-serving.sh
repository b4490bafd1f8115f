#!/usr/bin/env bash
# Builds the serving benchmark and the modules it needs, then runs it with the given arguments,
# e.g. from the repository root:
#
#   benchmarks/run-serving.sh --markdown docs/BENCHMARKS.md
#   benchmarks/run-serving.sh --entities 100000 --batch-sizes 1,100 --duration 20s
#
# Options: benchmarks/run-serving.sh --help. Relative paths are taken from the current folder.
# Environment: LARDER_BENCH_SKIP_BUILD=1 reuses the last build; LARDER_BENCH_JAVA_OPTS replaces
# the load generator's JVM options (default: a fixed 2 GiB heap).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target="$root/benchmarks/target"

if [ "${LARDER_BENCH_SKIP_BUILD:-}" != "1" ] || [ ! -f "$target/runtime-classpath.txt" ]; then
  echo "run-serving: building benchmarks and the modules it depends on..." >&2
  # The package phase also writes target/runtime-classpath.txt (maven-dependency-plugin), so the
  # run below needs no Maven and works offline once the dependencies are downloaded.
  (cd "$root" && ./mvnw -q -B -ntp -DskipTests -pl benchmarks -am package) >&2
fi

jar=$(find "$target" -maxdepth 1 -name 'larder-benchmarks-*.jar' ! -name '*-tests.jar' | head -n 1)
if [ -z "$jar" ]; then
  echo "run-serving: no benchmarks jar in $target; the build failed?" >&2
  exit 1
fi

command="benchmarks/run-serving.sh"
for arg in "$@"; do
  command+=" $(printf '%q' "$arg")"
done

# shellcheck disable=SC2086 # LARDER_BENCH_JAVA_OPTS holds several options.
exec java ${LARDER_BENCH_JAVA_OPTS:--Xms2g -Xmx2g} \
  -Dlarder.bench.command="$command" \
  -cp "$jar:$(cat "$target/runtime-classpath.txt")" \
  dev.larder.benchmarks.ServingBenchmark "$@"
