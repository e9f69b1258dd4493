#!/usr/bin/env bash
# Runs the Crossmodal load generator from the source tree, from any working directory:
#
#   bash bench/run.sh grpc --target localhost:8081 --service text --concurrency 8 --duration 20s
#
# (The in-process measurement of a text model, without gRPC, lives in text-service: see bench/README.md.)
#
# The module's classes and its runtime classpath are built with Maven on first use and again whenever bench/pom.xml
# or a source file changes; the classpath is cached in bench/target/cp.txt. The crossmodal modules it depends on
# (crossmodal-proto, crossmodal-service-kit) must be installed in the local repository first, e.g.
#   mvn -B -q install -DskipTests -Dcrossmodal.models.skip=true -pl bench -am
#
# Environment: MVN (default mvn), MVN_ARGS (extra Maven flags, e.g. -o), BENCH_JAVA_OPTS (extra JVM flags).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cp_file="$here/target/cp.txt"
mvn_cmd="${MVN:-mvn}"

stale() {
  [[ ! -s "$cp_file" ]] && return 0
  [[ ! -f "$here/target/classes/io/crossmodal/bench/Bench.class" ]] && return 0
  [[ "$here/pom.xml" -nt "$cp_file" || "$root/pom.xml" -nt "$cp_file" ]] && return 0
  [[ -n "$(find "$here/src/main" -newer "$cp_file" -type f -print -quit)" ]] && return 0
  return 1
}

if stale; then
  echo "bench: building classes and classpath (cached in $cp_file) ..." >&2
  # shellcheck disable=SC2086
  "$mvn_cmd" -B -q ${MVN_ARGS:-} -f "$root/pom.xml" -pl bench compile dependency:build-classpath \
      -Dmdep.outputFile="$cp_file" >&2
  # build-classpath leaves an unchanged file untouched: mark it fresh so the next run does not rebuild.
  touch "$cp_file"
fi

# shellcheck disable=SC2086
exec java -Dai.djl.offline=true ${BENCH_JAVA_OPTS:-} \
    -cp "$here/target/classes:$(cat "$cp_file")" io.crossmodal.bench.Bench "$@"
