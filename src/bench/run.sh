#!/usr/bin/env bash
# dbdock's benchmark: builds the jar, then measures every figure against its baseline
# (README, "Performance"). Needs a running Docker engine with the stand-in images
# (src/test/images/build.sh) and a display (Xvfb is fine). About 15 minutes on 2 cores.
#   src/bench/run.sh                   the full run
#   src/bench/run.sh --quick           a quick smoke (as in CI)
#   src/bench/run.sh --only create,latency
set -euo pipefail
cd "$(dirname "$0")/../.."
args="${*:---full}"
exec mvn -B -q -Pbench -DskipTests verify "-Dbench.args=$args"
