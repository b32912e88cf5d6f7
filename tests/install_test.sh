#!/usr/bin/env bash
# Installs creditdata to a temporary prefix, then builds and runs consumers
# of the installed files: with find_package(creditdata CONFIG) (shared and
# static targets) and with `pkg-config --cflags --libs creditdata`.
#
#   install_test.sh BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR
set -euo pipefail

build=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix

echo "== cmake --install $build --prefix $prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log"

status=0
expect() {  # a path under the prefix that must exist
  if ! compgen -G "$prefix/$1" >/dev/null; then
    echo "FAIL: not installed: $1" >&2
    status=1
  fi
}
expect include/creditdata/creditdata.h
expect include/creditdata/version.h
expect include/creditdata/tables.def
expect include/creditdata/findings.def
expect include/creditdata/reader.h
expect "lib*/libcreditdata.so"
expect "lib*/libcreditdata.so.[0-9]*"
expect "lib*/libcreditdata.a"
expect "lib*/cmake/creditdata/creditdataConfig.cmake"
expect "lib*/cmake/creditdata/creditdataConfigVersion.cmake"
expect "lib*/cmake/creditdata/creditdataTargets.cmake"
expect "lib*/cmake/creditdata/creditdataStaticTargets.cmake"
expect "lib*/pkgconfig/creditdata.pc"
[ "$status" -eq 0 ] || exit 1

echo "== find_package(creditdata CONFIG)"
cmake -S "$src" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release >"$work/configure.log"
cmake --build "$work/cmake" >"$work/build.log" || {
  cat "$work/build.log"
  exit 1
}
"$work/cmake/consumer"
"$work/cmake/consumer_static"
# The shared consumer loads libcreditdata.so.MAJOR; the static one does not.
readelf -d "$work/cmake/consumer" | grep -q 'NEEDED.*libcreditdata\.so\.' || {
  echo "FAIL: consumer does not load libcreditdata.so" >&2
  exit 1
}
if readelf -d "$work/cmake/consumer_static" | grep -q 'libcreditdata'; then
  echo "FAIL: consumer_static loads libcreditdata.so" >&2
  exit 1
fi

echo "== find_package(creditdata CONFIG), shared only, without Abseil/simdjson"
cmake -S "$src" -B "$work/cmake-shared" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release -DCONSUMER_STATIC=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_absl=TRUE \
  -DCMAKE_DISABLE_FIND_PACKAGE_simdjson=TRUE >"$work/configure-shared.log"
cmake --build "$work/cmake-shared" >"$work/build-shared.log" || {
  cat "$work/build-shared.log"
  exit 1
}
"$work/cmake-shared/consumer"

echo "== pkg-config --cflags --libs creditdata"
pc=$(compgen -G "$prefix/lib*/pkgconfig/creditdata.pc" | head -n1)
export PKG_CONFIG_PATH=$(dirname "$pc")
libdir=$(pkg-config --variable=libdir creditdata)
[ "$(cd "$libdir" && pwd -P)" = "$(cd "$(dirname "$pc")/.." && pwd -P)" ] || {
  echo "FAIL: creditdata.pc libdir $libdir is not where it was installed" >&2
  exit 1
}
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -Werror "$src/consumer.c" -o "$work/consumer_pc" \
  $(pkg-config --cflags --libs creditdata) -Wl,-rpath,"$libdir"
"$work/consumer_pc"

echo "== the example at the top of the installed creditdata.h"
sed -n '/---- Example/,/^ \*   }$/p' "$prefix/include/creditdata/creditdata.h" |
  sed '1d; s/^ \*   \{0,1\}//; s/^ \*$//' >"$work/header_example.c"
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -Werror -pedantic "$work/header_example.c" \
  -o "$work/header_example" $(pkg-config --cflags --libs creditdata) \
  -Wl,-rpath,"$libdir"
printf '%s\n' "姓名,证件类型" "张三,护照" >"$work/unknown.csv"
"$work/header_example" "$work/unknown.csv" >/dev/null
if "$work/header_example" "$work/missing.csv" 2>/dev/null; then
  echo "FAIL: the header example succeeded on a missing file" >&2
  exit 1
fi

echo "install_test: passed"
