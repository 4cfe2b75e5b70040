#!/bin/bash
# run-fuzz.sh: fuzz the changes-file reader for a given time (issue 3)
#
#   tests/fuzz/run-fuzz.sh SECONDS [BUILD_DIR]
#
# Builds tests/fuzz/fuzz-bundle.c against the core sources with
# clang -fsanitize=fuzzer,address (the core list is read from
# src/core/meson.build, the resources made with glib-compile-resources),
# then runs it on a copy of the seed corpus for SECONDS.  An input that
# crashes is copied to tests/fuzz/regressions/, which test-sync-hostile
# replays in `./dev test`: commit it with the fix.  Exit status: 0 no
# crash, 1 a crash was found, 2 the build failed.
set -euo pipefail

seconds=${1:?usage: run-fuzz.sh SECONDS [BUILD_DIR]}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${2:-$root/_build-fuzz}
fuzz=$root/tests/fuzz
core=$root/src/core
mkdir -p "$build/obj" "$build/corpus" "$build/artifacts"

for tool in clang glib-compile-resources pkg-config; do
  command -v "$tool" > /dev/null || { echo "run-fuzz.sh: $tool is needed" >&2; exit 2; }
done

# What meson's config.h gives the core.
version=$(sed -n "s/^ *version: '\([^']*\)'.*/\1/p" "$root/meson.build" | head -n 1)
cat > "$build/config.h" << CONFIG
#define APP_ID "io.github.waymark.Waymark"
#define PACKAGE_VERSION "${version:-0}-fuzz"
#define GETTEXT_PACKAGE "waymark"
#define LOCALEDIR "/usr/share/locale"
#define PKGDATADIR "/usr/share/waymark"
CONFIG

(cd "$core" && glib-compile-resources --generate-source --c-name wm_core \
   --target "$build/wm-core-resources.c" waymark-core.gresource.xml)
(cd "$core" && glib-compile-resources --generate-header --c-name wm_core \
   --target "$build/wm-core-resources.h" waymark-core.gresource.xml)

# The core's sources, as its meson.build lists them.
mapfile -t sources < <(sed -n "/^core_sources = files(/,/^)/s/^ *'\([^']*\.c\)',*$/\1/p" \
                         "$core/meson.build")
if [[ ${#sources[@]} -eq 0 ]]; then
  echo "run-fuzz.sh: no sources found in src/core/meson.build" >&2
  exit 2
fi

# Its libraries: GLib and SQLite, and any the core's meson.build adds.
packages=(glib-2.0 gio-2.0 sqlite3)
for package in $(sed -n "s/.*dependency('\([^']*\)'.*/\1/p" "$core/meson.build"); do
  pkg-config --exists "$package" && packages+=("$package")
done

flags=(-g -O1 -fno-omit-frame-pointer -std=gnu17
       -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74
       -I"$build" -I"$core" -I"$fuzz" $(pkg-config --cflags "${packages[@]}"))
objects=()
for source in "${sources[@]}" ; do
  object=$build/obj/${source%.c}.o
  if [[ ! -f $object || $core/$source -nt $object || $build/config.h -nt $object ]] \
     || ! cmp -s <(ls "$core"/*.h | xargs cat) "$build/obj/headers" ; then
    clang "${flags[@]}" -fsanitize=fuzzer-no-link,address -c "$core/$source" -o "$object" \
      || exit 2
  fi
  objects+=("$object")
done
ls "$core"/*.h | xargs cat > "$build/obj/headers"
clang "${flags[@]}" -fsanitize=fuzzer-no-link,address -c "$build/wm-core-resources.c" \
  -o "$build/obj/wm-core-resources.o" || exit 2
clang "${flags[@]}" -fsanitize=fuzzer,address "$fuzz/fuzz-bundle.c" "${objects[@]}" \
  "$build/obj/wm-core-resources.o" -o "$build/fuzz-bundle" \
  $(pkg-config --libs "${packages[@]}") -lm || exit 2

# The seed corpus is copied: what the fuzzer adds stays in the build dir.
cp -n "$fuzz"/corpus/* "$build/corpus/" 2> /dev/null || true
export WM_FUZZ_BASE=$fuzz/sample-base.waymark-sync.gz
set +e
"$build/fuzz-bundle" -max_total_time="$seconds" -max_len=65536 -timeout=20 \
  -artifact_prefix="$build/artifacts/" -print_final_stats=1 "$build/corpus"
status=$?
set -e

found=0
for crash in "$build"/artifacts/crash-* "$build"/artifacts/leak-* "$build"/artifacts/timeout-* \
             "$build"/artifacts/oom-*; do
  [[ -e $crash ]] || continue
  cp "$crash" "$fuzz/regressions/"
  echo "run-fuzz.sh: $(basename "$crash") copied to tests/fuzz/regressions/; fix it, then" \
       "commit it: test-sync-hostile replays it" >&2
  found=1
done
if [[ $status -ne 0 || $found -ne 0 ]]; then
  exit 1
fi
echo "run-fuzz.sh: no crash in $seconds s"
