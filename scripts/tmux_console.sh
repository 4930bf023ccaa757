#!/usr/bin/env bash
# A scripted run of cdpo-tui in a real terminal (tmux), as a new user would drive it, at 80x24
# and at 120x40: create a session in the console's form (demo preset), give it the micro sizes
# (`cdpo set`, so the run takes minutes on a CPU), run the whole plan from the stage menu, wait
# for the plan's last row to read "done", then open a failure, its diff and the run history.
#
#   scripts/tmux_console.sh OUTDIR [PLAN_SECONDS]
#
# Captures land in OUTDIR/WxH/NN-name.txt (plain text) and .ansi (with colours). Runs from a
# fresh clone after `make setup`; needs tmux. PLAN_SECONDS (default 900) bounds the plan's run.
set -euo pipefail

out=${1:?usage: scripts/tmux_console.sh OUTDIR [PLAN_SECONDS]}
plan_limit=${2:-900}
repo=$(cd "$(dirname "$0")/.." && pwd)
py="$repo/.venv/bin/python"
command -v tmux >/dev/null || { echo "tmux is not installed (apt-get install -y tmux)" >&2; exit 2; }
[[ -x "$repo/.venv/bin/cdpo-tui" ]] || { echo "no .venv: run make setup first" >&2; exit 2; }
mkdir -p "$out"
work=$(mktemp -d)
name="cdpo-tui-$$"
cleanup() { tmux kill-session -t "$name" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# The micro configuration of tests/core/test_pipeline.py (MICRO + TINY_MICRO): two problems,
# two training programs each, a few SFT/DPO steps, a tiny model built in about a minute.
micro=$("$py" - "$repo" <<'PY'
import sys
sys.path.insert(0, sys.argv[1] + "/tests/core")
from test_pipeline import MICRO, TINY_MICRO
print(" ".join(MICRO + TINY_MICRO))
PY
)

pane=""
n=0
capture() {  # capture NAME: the pane as text and with colours
    n=$((n + 1))
    local stem; stem=$(printf "%s/%02d-%s" "$pane" "$n" "$1")
    tmux capture-pane -p -t "$name" > "$stem.txt"
    tmux capture-pane -p -e -t "$name" > "$stem.ansi"
}
wait_for() {  # wait_for REGEX [SECONDS]: until the pane shows a line matching REGEX
    local deadline=$((SECONDS + ${2:-20}))
    until tmux capture-pane -p -t "$name" | grep -qE -- "$1"; do
        (( SECONDS < deadline )) || { echo "timed out waiting for: $1" >&2; capture timeout; return 1; }
        sleep 0.5
    done
}

run_at() {  # run_at WIDTH HEIGHT
    local w=$1 h=$2 session="micro-${1}x${2}"
    pane="$out/${w}x${h}"; n=0
    mkdir -p "$pane"
    tmux new-session -d -s "$name" -x "$w" -y "$h" \
        "cd '$work' && TERM=xterm-256color '$repo/.venv/bin/cdpo-tui' --sessions '$work/sessions'"
    wait_for "sessions in|no sessions yet"
    tmux send-keys -t "$name" n                    # the new-session form, focused on the name
    wait_for "New session"
    tmux send-keys -t "$name" -l "$session"
    wait_for "$session"
    capture new-session
    tmux send-keys -t "$name" C-s                  # create: demo preset, shipped corpus
    wait_for "$session"
    # shellcheck disable=SC2086
    "$py" -m cdpo_core --sessions "$work/sessions" set "$session" $micro >/dev/null
    capture sessions
    tmux send-keys -t "$name" Enter                # open the new row (it is selected)
    wait_for "Run plan"
    capture pipeline
    tmux send-keys -t "$name" m                    # the stage menu
    wait_for "Run the rest of the plan"
    capture menu
    tmux send-keys -t "$name" End Up Enter         # its entries end with: plan, history
    local last
    last=$("$py" -c "import sys; from cdpo_core.session import Session; from cdpo_core.steps \
import plan_steps; from pathlib import Path; print(plan_steps(Session.open(Path(sys.argv[1]), sys.argv[2]).config)[-1])" \
        "$work/sessions" "$session")
    wait_for "$session · [a-z-]+: " 60             # the monitor names the live stage
    capture running
    wait_for "^.{0,3}$last +.* done" "$plan_limit"   # the plan's last row
    sleep 1
    capture finished
    tmux send-keys -t "$name" 4                    # the failure browser, on the first failure
    wait_for "rows [0-9]" 30
    sleep 1
    capture failure
    tmux send-keys -t "$name" d                    # its diff, reference against completion
    sleep 1
    capture diff
    tmux send-keys -t "$name" 3                    # back to the plan, then its run history
    sleep 0.5
    tmux send-keys -t "$name" h
    wait_for "runs of $session"
    sleep 1
    capture history
    tmux send-keys -t "$name" C-q
    sleep 1
    tmux kill-session -t "$name" 2>/dev/null || true
}

run_at 80 24
run_at 120 40
echo "captures in $out:"
ls "$out"/*
