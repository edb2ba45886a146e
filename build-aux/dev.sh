#!/usr/bin/env bash
# ML Lab developer entry point: `run` builds and opens the app, `test` builds and runs
# every test (GUI tests under Xvfb), `sanitize` the suite under ASan + UBSan, `tsan` the
# job runner's tests (with its stress test) under ThreadSanitizer. Each installs the Debian packages it needs when
# they are missing (apt-get as root, sudo otherwise), then configures and builds.
set -euo pipefail

cmd=${1:-}
case "$cmd" in
  run|test|sanitize|tsan) ;;
  *) echo "usage: $0 run|test|sanitize|tsan [ARGS…]" >&2; exit 1 ;;
esac
shift

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
build=${MLLAB_BUILD_DIR:-_build}

build_pkgs=(build-essential pkg-config meson ninja-build gettext libglib2.0-dev-bin
            libgtk-4-dev libadwaita-1-dev libgsl-dev libopenblas-dev libjson-glib-dev libxgboost-dev libsvm-dev libstemmer-dev zlib1g-dev
            desktop-file-utils appstream
            adwaita-icon-theme librsvg2-common fonts-cantarell fonts-dejavu-core)
test_pkgs=(xvfb xauth dbus dbus-daemon locales fonts-noto-cjk)

missing=()
want=("${build_pkgs[@]}")
[ "$cmd" != run ] && want+=("${test_pkgs[@]}")
for p in "${want[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$cmd" = sanitize ]; then
  # the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer, in its own
  # build directory; leaks are errors, except third-party ones listed in tests/lsan.supp
  build=${MLLAB_SANITIZE_DIR:-_build-sanitize}
  if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" --buildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false
  fi
  export ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0:abort_on_error=0
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export LSAN_OPTIONS=suppressions=$here/tests/lsan.supp:print_suppressions=0
fi
if [ "$cmd" = tsan ]; then
  # the runner hands jobs to worker threads and results back; its tests (the stress test:
  # four runners, 3000 random requests, cancels and drops) under ThreadSanitizer. Only the
  # engine, the framework and that test are built. GLib is not TSan-instrumented: see
  # tests/tsan.supp for what is ignored and why.
  build=${MLLAB_TSAN_DIR:-_build-tsan}
  if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" --buildtype=debugoptimized -Db_sanitize=thread
  fi
  ninja -C "$build" tests/test-runner
  TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$here/tests/tsan.supp" \
    "$build/tests/test-runner"
  echo "runner under ThreadSanitizer: no race"
  exit 0
fi
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" --buildtype=debugoptimized
fi
ninja -C "$build"

export GSETTINGS_SCHEMA_DIR="$here/$build/data"

if [ "$cmd" = run ]; then
  exec "$build/src/ml-lab" "$@"
fi

# The CSV tests check that a German locale changes nothing: make sure it exists.
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" localedef -i de_DE -f UTF-8 de_DE.UTF-8 || echo "warning: could not generate de_DE.UTF-8" >&2
fi

status=0
xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
  dbus-run-session -- meson test -C "$build" --print-errorlogs "$@" || status=$?

# one plain closing line: test executables passed and failed (each holds many subtests)
log="$build/meson-logs/testlog.txt"
if [ -f "$log" ]; then
  awk '/^Ok:/ {ok=$2} /^Fail:/ {f+=$2} /^Unexpected Pass:/ {f+=$3} /^Timeout:/ {f+=$2} /^Skipped:/ {s=$2}
       END {printf "%d passed, %d failed, %d skipped\n", ok, f, s}' "$log"
fi
exit $status
