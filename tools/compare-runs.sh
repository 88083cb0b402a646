#!/usr/bin/env bash
# Lists the tests whose outcome differs between two runs (two .trx files of dotnet test); exit 1 when any does.
# Tests found in one run only (the second run may be a tier of the first) are not compared.
set -euo pipefail
tab=$'\t'
outcomes() {
  grep -o '<UnitTestResult [^>]*' "$1" | sed -E "s/.*testName=\"([^\"]*)\".*outcome=\"([^\"]*)\".*/\1${tab}\2/" | LC_ALL=C sort -t "$tab" -k1,1
}
a=$(mktemp); b=$(mktemp)
trap 'rm -f "$a" "$b"' EXIT
outcomes "$1" > "$a"
outcomes "$2" > "$b"
both=$(LC_ALL=C join -t "$tab" "$a" "$b")
echo "compared $(printf '%s\n' "$both" | grep -c . || true) tests run in both"
differ=$(printf '%s\n' "$both" | awk -F "$tab" 'NF == 3 && $2 != $3 { print "  " $1 ": " $2 " then " $3 }')
if [ -n "$differ" ]; then
  echo "tests whose outcome differs between the two runs:"
  echo "$differ"
  exit 1
fi
echo "no test changed its outcome"
