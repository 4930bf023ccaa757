#!/usr/bin/env bash
# A scripted run of cdpo-tui in a real terminal (tmux): open a micro session, launch the prep
# stage from the stage menu, and capture the pane before, while and after it runs.
#
#   scripts/tmux_console.sh OUTDIR
#
# Captures land in OUTDIR as NN-name.txt (plain text) and NN-name.ansi (with colours).
set -euo pipefail

out=${1:?usage: scripts/tmux_console.sh OUTDIR}
repo=$(cd "$(dirname "$0")/.." && pwd)
py="$repo/.venv/bin/python"
command -v tmux >/dev/null || { echo "tmux is not installed (apt-get install -y tmux)" >&2; exit 2; }
mkdir -p "$out"
work=$(mktemp -d)
name="cdpo-tui-$$"
cleanup() { tmux kill-session -t "$name" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# A micro data source: 12 real CodeNet programs in 3 problems when ../shared/data exists,
# else the shipped demo corpus cut to 3 problems.
shared="$repo/../shared/data/codenet_cpp_unlabelled.jsonl.gz"
set_args=(--set selection.train_per_problem=2 --set selection.test_per_problem=1
          --set selection.require_full=false)
if [[ -f "$shared" ]]; then
    "$py" - "$shared" "$work/micro.jsonl" <<'PY'
import gzip, json, sys
with gzip.open(sys.argv[1], "rt") as lines, open(sys.argv[2], "w") as out:
    for i in range(12):
        r = json.loads(next(lines))
        out.write(json.dumps({"problem_id": f"p{i % 3:05d}", "submission_id": r["submission_id"],
                              "code": r["code"]}) + "\n")
PY
    source_args=(--codenet "$work/micro.jsonl")
else
    source_args=()
    set_args+=(--set selection.max_problems=3)
fi
"$py" -m cdpo_core --sessions "$work/sessions" init micro --preset demo "${source_args[@]}" \
    "${set_args[@]}" >/dev/null

n=0
capture() {  # capture NAME: the pane as text and with colours
    n=$((n + 1))
    local stem; stem=$(printf "%s/%02d-%s" "$out" "$n" "$1")
    tmux capture-pane -p -t "$name" > "$stem.txt"
    tmux capture-pane -p -e -t "$name" > "$stem.ansi"
}
wait_for() {  # wait_for TEXT [SECONDS]: until the pane shows TEXT
    local deadline=$((SECONDS + ${2:-20}))
    until tmux capture-pane -p -t "$name" | grep -qF -- "$1"; do
        (( SECONDS < deadline )) || { echo "timed out waiting for: $1" >&2; capture timeout; return 1; }
        sleep 0.2
    done
}

tmux new-session -d -s "$name" -x 120 -y 40 \
    "cd '$work' && TERM=xterm-256color '$repo/.venv/bin/cdpo-tui' --sessions '$work/sessions'"
wait_for "sessions in"
capture sessions
tmux send-keys -t "$name" Enter             # open the session under the cursor
wait_for "Run plan"
capture pipeline
tmux send-keys -t "$name" m                 # the stage menu
wait_for "Run prep: Select, verify"
capture menu
tmux send-keys -t "$name" Enter             # its first entry: prep
wait_for "prep:" 30
capture running
wait_for "train " 180                       # the prep row's headline: train N, test M
sleep 0.5
capture finished
tmux send-keys -t "$name" 2                 # the dataset screen: counts and a sample
wait_for "prompt as the model sees it"
capture dataset
tmux send-keys -t "$name" C-q
echo "captures in $out:"
ls "$out"
