#!/usr/bin/env bash
# The fuzz layer: runs the libFuzzer targets of tests/fuzz for a while each and reports in TAP.
#   tests/fuzz/run.sh BUILD_DIR SOURCE_DIR [SECONDS_PER_TARGET] [LOG_DIR]
#     BUILD_DIR            the fuzz build (cmake -DCOURSE_FUZZ=ON, see tests/fuzz/CMakeLists.txt)
#     SECONDS_PER_TARGET   30 by default;  LOG_DIR: BUILD_DIR/fuzz-logs by default
#     FUZZ_JOBS=N          targets run at the same time (default 2)
# Targets: "lesson" (the lesson parser and validator), then "configure LAB" for every lab the
# binary has registered, so a new lab is fuzzed with no change here. Each runs from a fresh
# temporary copy of its seeds (tests/fuzz/corpus/, the course's lessons, and seeds the binary
# writes for its lab); nothing is written into the source tree. A target fails when it crashed,
# hung (an input took over HANG_S s), leaked, hit a sanitizer report, ran out of memory or ran no
# input; its input and log are then kept in LOG_DIR/NAME/, with the command that reproduces it.
set -uo pipefail

[ $# -ge 2 ] || { echo "usage: $0 BUILD_DIR SOURCE_DIR [SECONDS_PER_TARGET] [LOG_DIR]" >&2; exit 2; }
BUILD=$(cd "$1" && pwd) || exit 2
SRC=$(cd "$2" && pwd) || exit 2
SECONDS_EACH=${3:-30}
LOGS=${4:-$BUILD/fuzz-logs}
JOBS=${FUZZ_JOBS:-2}
# An input that takes longer than this has hung. Not less: under the sanitizers a lesson check of
# chapter 2 builds the Tang-poem model for each of its run blocks (6 s natively, 25-45 s here).
HANG_S=120
BIN=$BUILD/tests/fuzz
HERE=$SRC/tests/fuzz
if ! [[ "$SECONDS_EACH" =~ ^[0-9]+$ ]] || [ "$SECONDS_EACH" -lt 1 ]; then
  echo "seconds per target must be a whole number >= 1, got '$SECONDS_EACH'" >&2
  exit 2
fi
for b in fuzz_lesson fuzz_configure; do
  [ -x "$BIN/$b" ] || { echo "$BIN/$b is missing: build the fuzz targets first" >&2; exit 2; }
done
mkdir -p "$LOGS"
LOGS=$(cd "$LOGS" && pwd)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/course-fuzz.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# UBSan prints no stack by default; -fno-sanitize-recover already makes any UB fatal.
export UBSAN_OPTIONS=print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1

LABS=$(COURSE_FUZZ_LIST_LABS=1 "$BIN/fuzz_configure" 2>/dev/null) || LABS=""
if [ -z "$LABS" ]; then
  printf '1..1\nnot ok 1 - fuzz: %s lists no labs\n# pass 0\n# fail 1\n' "$BIN/fuzz_configure"
  exit 1
fi
TARGETS=(lesson)
for lab in $LABS; do TARGETS+=("configure-$lab"); done

# Copies `file...` into DIR, each named after its path (lessons/01-x/lesson.en.md -> lessons_01-x_...).
copy_seeds() {
  local dir=$1 f; shift
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dir/$(echo "${f#"$SRC"/}" | tr / _)"
  done
}

# The first lines of what went wrong (the sanitizer's or libFuzzer's report, or a broken rule), with
# the stack frames in the course's code and ImGui only, each cut to 160 columns.
report_head() {
  awk -v src="$SRC/" '
    /ERROR: |runtime error:|terminate called|Assertion .* failed|^broken rule: / { on = 1 }
    !on || /^ *$/ || /^NOTE: |^ +Combine libFuzzer/ { next }
    /^ +#[0-9]+ / {
      if ($0 !~ /\/(src|tests\/fuzz|third_party\/imgui)\/[^ ]*\.(cpp|h):[0-9]/) next
      sub(/0x[0-9a-f]+ in /, "")
    }
    { gsub(src, ""); if (n++ < 16) print "#   " substr($0, 1, 160) }
    /^SUMMARY: / { exit }' "$1" > "$1.head"
  [ -s "$1.head" ] || tail -n 8 "$1" | cut -c1-160 | sed 's/^/#   /' > "$1.head"  # no report: its end
  cat "$1.head"
}

# Runs one target in WORK/NAME; writes WORK/NAME/result: "ok|not ok" and a description.
run_target() {
  local name=$1 dir=$WORK/$1 lab="" bin rc=0
  mkdir -p "$dir/corpus" "$dir/artifacts"
  if [ "$name" = lesson ]; then
    bin=$BIN/fuzz_lesson
    copy_seeds "$dir/corpus" "$HERE"/corpus/lesson/* "$SRC"/lessons/*/lesson.*.md \
      "$SRC"/tests/e2e/fixtures/lessons/*/lesson.*.md
    cp "$HERE/lesson.dict" "$dir/dict"
    for l in $LABS; do echo "\"$l\"" >> "$dir/dict"; done
  else
    lab=${name#configure-}
    bin=$BIN/fuzz_configure
    copy_seeds "$dir/corpus" "$HERE"/corpus/configure/*
    if ! (cd "$dir" && COURSE_FUZZ_LAB=$lab COURSE_FUZZ_WRITE_SEEDS=$dir/corpus COURSE_FUZZ_DICT=$dir/dict \
          COURSE_FUZZ_LESSONS=$SRC/lessons "$bin") > "$dir/log" 2>&1; then
      cp "$dir/log" "$LOGS/$name.log"
      echo "not ok|fuzz $name: writing its seeds failed (log: $LOGS/$name.log)" > "$dir/result"
      return
    fi
  fi
  (cd "$dir" && COURSE_FUZZ_LAB=$lab "$bin" -max_total_time="$SECONDS_EACH" -timeout="$HANG_S" \
    -report_slow_units="$HANG_S" -rss_limit_mb=2048 \
     -dict="$dir/dict" -artifact_prefix="$dir/artifacts/" -print_final_stats=1 "$dir/corpus") \
    >> "$dir/log" 2>&1 || rc=$?
  cp "$dir/log" "$LOGS/$name.log"
  local runs speed found
  runs=$(awk '/^stat::number_of_executed_units:/ { print $2 }' "$dir/log" | tail -n1)
  speed=$(awk '/^stat::average_exec_per_sec:/ { print $2 }' "$dir/log" | tail -n1)
  found=$(ls "$dir/artifacts" | head -n1)
  if [ "$rc" = 0 ] && [ -z "$found" ] && [ "${runs:-0}" -gt 0 ]; then
    echo "ok|fuzz $name: $runs runs ($speed/s), no crash" > "$dir/result"
    return
  fi
  local what="crashed"
  grep -q 'terminate called' "$dir/log" && what="threw an exception nothing caught"
  grep -qE 'Assertion .* failed' "$dir/log" && what="failed an assertion"
  grep -q '^broken rule: ' "$dir/log" && what="broke a rule of src/labs/host.h, lab.h or lesson.h"
  grep -q 'ERROR: libFuzzer: timeout' "$dir/log" && what="hung (an input took over $HANG_S s)"
  grep -q 'out-of-memory' "$dir/log" && what="ran out of memory"
  grep -q 'ERROR: LeakSanitizer' "$dir/log" && what="leaked memory"
  grep -q 'ERROR: AddressSanitizer' "$dir/log" && what="hit an AddressSanitizer report"
  grep -q 'runtime error:' "$dir/log" && what="hit undefined behaviour (UBSan)"
  [ "$rc" = 0 ] && [ -z "$found" ] && what="ran no input"
  mkdir -p "$LOGS/$name"
  cp "$dir/log" "$LOGS/$name/fuzzer.log"
  {
    echo "not ok|fuzz $name: $what after ${runs:-?} runs (log: $LOGS/$name/fuzzer.log)"
    if [ -n "$found" ]; then
      cp "$dir/artifacts/$found" "$LOGS/$name/"
      echo "# reproduce: ${lab:+COURSE_FUZZ_LAB=$lab }UBSAN_OPTIONS=print_stacktrace=1" \
           "$bin $LOGS/$name/$found"
    fi
    report_head "$dir/log"
  } > "$dir/result"
}

echo "1..${#TARGETS[@]}"
running=0
for t in "${TARGETS[@]}"; do
  if [ "$running" -ge "$JOBS" ]; then
    wait -n
    running=$((running - 1))
  fi
  echo "# fuzz $t: ${SECONDS_EACH} s" >&2
  run_target "$t" &
  running=$((running + 1))
done
wait

pass=0; fail=0; i=0
for t in "${TARGETS[@]}"; do
  i=$((i + 1))
  result=$WORK/$t/result
  [ -f "$result" ] || echo "not ok|fuzz $t: the runner lost its result" > "$result"
  IFS='|' read -r status text < "$result"
  echo "$status $i - $text"
  tail -n +2 "$result"
  if [ "$status" = ok ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "# pass $pass"
echo "# fail $fail"
[ "$fail" = 0 ]
