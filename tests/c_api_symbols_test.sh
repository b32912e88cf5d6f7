#!/usr/bin/env bash
# What libcreditdata.so exports and what it references.
#
#   c_api_symbols_test.sh LIBCREDITDATA_SO LIBCREDITDATA_A CREDITDATA_H C_TEST
#
# Checks, in order:
#  1. the SONAME is libcreditdata.so.MAJOR;
#  2. `nm -D --defined-only` lists only cd_* and creditdata_* symbols;
#  3. those are exactly the functions creditdata.h declares (CD_EXPORT);
#  4. tests/c_api_test.c names every one of them;
#  5. `nm -D --undefined-only` (what the shared object takes from other
#     libraries, version suffixes stripped) holds none of:
#       - process termination: abort exit _exit _Exit quick_exit
#         __assert_fail __assert_perror_fail __assert std::terminate
#         __cxa_call_terminate
#       - output: printf vprintf fprintf vfprintf dprintf vdprintf puts
#         putchar fputs fputc putc putchar_unlocked putc_unlocked
#         fputc_unlocked fputs_unlocked fwrite fwrite_unlocked perror psignal
#         write writev syslog vsyslog err errx warn warnx verr verrx vwarn
#         vwarnx error error_at_line and the _FORTIFY_SOURCE print variants
#         __printf_chk __fprintf_chk __vprintf_chk __vfprintf_chk
#         __dprintf_chk __vdprintf_chk
#       - the standard streams: stdout stderr _IO_2_1_stdout_ _IO_2_1_stderr_
#         std::cout std::cerr std::clog std::wcout std::wcerr std::wclog
#       - Abseil's logging and fatal paths: any symbol of
#         absl::raw_logging_internal or absl::log_internal, and
#         absl::internal_statusor::Helper::Crash / HandleInvalidStatusCtorArg
#         (bindings/c/abseil_fatal.cc replaces those two inside the library);
#  6. the members of libcreditdata.a reference none of the libc and libstdc++
#     symbols of 5 (Abseil's own handlers are Abseil's business in a program
#     that links it statically).
# The libraries it loads (libstdc++, Abseil, simdjson, RE2) can print in
# their own code; what is checked is that nothing in creditdata calls them.
# Not checked: __stack_chk_fail and the non-printing __*_chk functions that
# hardening flags add, and std::ios_base::Init (the constructor of the
# standard streams, pulled in by <iostream> in Abseil's headers; it prints
# nothing).
set -euo pipefail

so=$1
archive=$2
header=$3
c_test=$4
status=0

fail() {
  echo "FAIL: $*" >&2
  status=1
}

# 1. SONAME.
major=$(sed -n 's/^#define CREDITDATA_VERSION_MAJOR \([0-9]*\).*/\1/p' \
  "$(dirname "$header")/../../include/creditdata/version.h")
soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
if [ "$soname" != "libcreditdata.so.$major" ]; then
  fail "SONAME is '$soname', want libcreditdata.so.$major"
fi

# 2. Exports.
exported=$(nm -D --defined-only --format=posix "$so" | awk '{print $1}' |
  sed 's/@.*//' | sort -u)
bad=$(grep -v -E '^(cd_|creditdata_)' <<<"$exported" || true)
if [ -n "$bad" ]; then
  fail "exported symbols outside cd_/creditdata_:"$'\n'"$bad"
else
  echo "exports: $(wc -l <<<"$exported") symbols, all cd_/creditdata_"
fi

# 3. Header declarations == exports.
declared=$(tr '\n' ' ' <"$header" |
  grep -o -E 'CD_EXPORT (const )?[a-z0-9_]+\*? (cd_[a-z0-9_]+)\(' |
  sed -E 's/.* (cd_[a-z0-9_]+)\($/\1/' | sort -u)
missing=$(comm -23 <(echo "$declared") <(echo "$exported"))
extra=$(comm -13 <(echo "$declared") <(echo "$exported"))
[ -z "$missing" ] || fail "declared but not exported:"$'\n'"$missing"
[ -z "$extra" ] || fail "exported but not declared:"$'\n'"$extra"
if [ -z "$missing$extra" ]; then
  echo "header: $(wc -l <<<"$declared") functions declared, the same exported"
fi

# 4. The C test names every exported function.
untested=""
while read -r fn; do
  grep -q -w "$fn" "$c_test" || untested+="$fn"$'\n'
done <<<"$exported"
if [ -n "$untested" ]; then
  fail "not called by $(basename "$c_test"):"$'\n'"$untested"
else
  echo "$(basename "$c_test"): calls every exported function"
fi

# 5. References of the shared object.
deny_exact=(
  abort exit _exit _Exit quick_exit __assert_fail __assert_perror_fail
  __assert _ZSt9terminatev __cxa_call_terminate
  printf vprintf fprintf vfprintf dprintf vdprintf puts putchar fputs fputc
  putc putchar_unlocked putc_unlocked fputc_unlocked fputs_unlocked fwrite
  fwrite_unlocked perror psignal write writev syslog vsyslog err errx warn
  warnx verr verrx vwarn vwarnx error error_at_line
  __printf_chk __fprintf_chk __vprintf_chk __vfprintf_chk __dprintf_chk
  __vdprintf_chk
  stdout stderr _IO_2_1_stdout_ _IO_2_1_stderr_
  _ZSt4cout _ZSt4cerr _ZSt4clog _ZSt5wcout _ZSt5wcerr _ZSt5wclog
)
deny_pattern='raw_logging_internal|log_internal|internal_statusor6Helper5Crash|HandleInvalidStatusCtorArg'

check_refs() {  # $1: what, $2: also Abseil patterns; stdin: symbol names
  local what=$1 patterns=$2 refs hit before=$status
  refs=$(sed 's/@.*//' | sort -u)
  for sym in "${deny_exact[@]}"; do
    if grep -q -x -F -- "$sym" <<<"$refs"; then
      fail "$what references $sym"
    fi
  done
  if [ "$patterns" = yes ]; then
    hit=$(grep -E -- "$deny_pattern" <<<"$refs" || true)
    [ -z "$hit" ] || fail "$what references Abseil logging:"$'\n'"$hit"
  fi
  if [ "$status" = "$before" ]; then
    echo "$what: $(wc -l <<<"$refs") undefined symbols, none denied"
  fi
}
nm -D --undefined-only --format=posix "$so" | awk '{print $1}' |
  check_refs "$(basename "$so")" yes

# 6. References of the static archive's members.
nm --undefined-only --format=posix "$archive" 2>/dev/null |
  awk 'NF >= 2 && $2 == "U" {print $1}' |
  check_refs "$(basename "$archive")" no

if [ "$status" -eq 0 ]; then
  echo "c_api_symbols_test: passed"
fi
exit "$status"
