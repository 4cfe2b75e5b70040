#!/bin/bash
# test-changes.sh: waymark-cli changes, "what changed since the last board".
#
# Usage: test-changes.sh PATH-TO-waymark-cli
# Prints TAP; exits non-zero when any check fails.
set -euo pipefail

cli=${1:?usage: test-changes.sh PATH-TO-waymark-cli}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/waymark-changes-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
db=$tmp/plan.waymark

n=0
failed=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok ()
{
  n=$((n + 1))
  failed=$((failed + 1))
  echo "not ok $n - $1"
  sed 's/^/#   /' <<< "stdout: $(cat "$tmp/out" 2> /dev/null)
stderr: $(cat "$tmp/err" 2> /dev/null)"
}

# check DESCRIPTION COMMAND...: one TAP line for the command's success
check ()
{
  local description=$1
  shift
  if "$@"; then ok "$description"; else not_ok "$description"; fi
}

run ()
{
  set +e
  "$cli" "$@" > "$tmp/out" 2> "$tmp/err"
  status=$?
  set -e
}

out_has () { grep -qF -- "$1" "$tmp/out"; }
out_lacks () { ! grep -qF -- "$1" "$tmp/out"; }
err_has () { grep -qF -- "$1" "$tmp/err"; }

# Dates relative to today, as the CLI's today is (UTC in the tests)
today=$(date -u +%F)
yesterday=$(date -u -d yesterday +%F)
week_ago=$(date -u -d '7 days ago' +%d/%m/%Y)

run --db "$db" init --sample
check "init --sample" test "$status" -eq 0

# A rating with a note and a moved due date with its reason, today
run --db "$db" set action 1.2a rating=G note="Health exemplars shared with all services" \
  author="Jo Bloggs (DCO)"
check "set a rating with a note" test "$status" -eq 0
run --db "$db" set action 2.1 due=31/01/2024 reason="Waiting for terms of reference" \
  author="Head of SEND"
check "move a due date with a reason" test "$status" -eq 0

# --since in free text (dd/mm/yyyy a week ago)
run --db "$db" changes --since "$week_ago"
check "changes --since $week_ago succeeds" test "$status" -eq 0
check "the header names the period" out_has "Changes since "
check "rating changes listed" out_has "Rating changes (1)"
check "the rating change names 1.2a and its title" \
  out_has "1.2a We will develop a set of multi-agency statutory advice exemplars"
check "old → new rating" out_has "rating: Amber → Green"
check "the note" out_has "note: Health exemplars shared with all services"
check "who" out_has "by: Jo Bloggs (DCO)"
check "date changes listed" out_has "Date changes (1)"
check "old → new due date" out_has "due date: 31 October 2023 → 31 January 2024"
check "the reason" out_has "reason: Waiting for terms of reference"
check "the sample's 2023 history is before since" out_lacks "2023-08-10"
check "the sample's actions are not new" out_lacks "New actions"

# A window in 2023 in words: the sample's own history, and not today's change
run --db "$db" changes --since "30 June 2023" --until "August 2023"
check "changes --since '30 June 2023' --until 'August 2023'" test "$status" -eq 0
check "lists the August 2023 updates" out_has "2023-08-10  2.2a"
check "Amber → Red from the history" out_has "rating: Amber → Red"
check "leaves out June's updates" out_lacks "2023-06-29"
check "leaves out today's change" out_lacks "Jo Bloggs"

# The default: the last board before today (the sample's last is 14 March 2024)
run --db "$db" changes
check "changes with no --since" test "$status" -eq 0
check "defaults to the last board" \
  out_has "Changes since 14 March 2024 (SEND and Inclusion Board (illustrative date))"
check "today's rating change is in" out_has "Jo Bloggs (DCO)"

# Nothing in the window
run --db "$db" changes --since "$yesterday" --until "$yesterday"
check "an empty window succeeds" test "$status" -eq 0
check "an empty window says so" out_has "Nothing changed."

# Bad dates: an error naming the option and the value, exit 2
run --db "$db" changes --since "the other week"
check "a bad --since exits 2" test "$status" -eq 2
check "the error names --since and the value" err_has "--since “the other week” is not a date"
run --db "$db" changes --until 31/02/2024
check "a bad --until exits 2" test "$status" -eq 2
check "the error names --until and the value" err_has "--until “31/02/2024”"
run --db "$db" changes --since "$today" --until 2023-01-01
check "since after until exits 2" test "$status" -eq 2
check "and says so" err_has "is after --until"
run --db "$db" changes --bogus
check "an unknown option exits 2" test "$status" -eq 2
run changes --since 2023-01-01
check "no --db exits 2" test "$status" -eq 2
check "and says to give --db" err_has "no database given"
run --db "$tmp/missing.waymark" changes
check "a missing database exits 1" test "$status" -eq 1

echo "1..$n"
if [[ $failed -gt 0 ]]; then
  echo "# $failed of $n checks failed"
  exit 1
fi
