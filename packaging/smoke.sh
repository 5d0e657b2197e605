#!/usr/bin/env bash
# Smoke test of a built bundle as a fresh user would meet it: from an empty folder, with a temporary HOME,
# under `env -i` (no variables from this shell). Runs --version, --self-test (which picks Qt's offscreen
# platform itself), creates the demo project and times the start of the window on it (offscreen), then trains
# both models on a small imported project and checks that `suggest` uses them (stance guesses, a new label).
# Usage: packaging/smoke.sh [path/to/annotator]   (default: dist/annotator/annotator). Exits 1 on failure.
set -euo pipefail
app=$(realpath -m "${1:-dist/annotator/annotator}")
if [[ ! -x $app ]]; then
  echo "smoke: no executable at $app (build it with packaging/build.sh)" >&2
  exit 1
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
clean() { env -i HOME="$scratch" PATH=/usr/bin:/bin "$@"; }
fail() { echo "smoke: $*" >&2; exit 1; }
seconds_since() { awk -v now="$(date +%s.%N)" -v then="$1" 'BEGIN { printf "%.1f", now - then }'; }

clean timeout 60 "$app" --version || fail "--version failed"
started=$(date +%s.%N)
clean timeout 180 "$app" --self-test || fail "the bundle's --self-test failed (its reason is above)"
echo "self-test: $(seconds_since "$started") s wall clock"
clean timeout 180 "$app" demo --no-gui "$scratch/demo.annotator" >/dev/null || fail "'demo --no-gui' failed"
started=$(date +%s.%N)
shown=$(clean QT_QPA_PLATFORM=offscreen ANNOTATOR_STARTUP_CLOCK="$started" \
  timeout 120 "$app" open "$scratch/demo.annotator" 2>"$scratch/open.err") \
  || { cat "$scratch/open.err" >&2; fail "the window did not start"; }
[[ $shown == "window usable "* ]] || { cat "$scratch/open.err" >&2; fail "the window never reported itself shown"; }
echo "start: $shown (offscreen, demo project); process ended after $(seconds_since "$started") s"

# Training in the bundle (issue 15): a small project of decisions, imported from JSONL in annotator's own
# export shape (which restores document status, accepted spans and stances), trained, then suggested on.
# Each fixture line: status, stance (or null), speaker, harbour, quote; the text is
# "'<quote>,' said <speaker> at <harbour>." with the quote (and its stance), the speaker (PERSON) and the
# harbour (HARBOUR, a label the stock pipeline lacks) accepted. ASCII only, so ${#...} counts characters.
decisions() {
  local status stance speaker place quote text before
  while IFS='|' read -r status stance speaker place quote; do
    text="'$quote,' said $speaker at $place."
    before=${text%%"$speaker"*}
    local speaker_start=${#before}
    before=${text%%"$place."*}
    local place_start=${#before}
    [[ $stance == null ]] || stance="\"$stance\""
    printf '{"text": "%s", "_status": "%s", "answer": "accept", "spans": [' "$text" "$status"
    printf '{"start": 0, "end": %d, "label": "QUOTE", "kind": "quote", "status": "accepted", "stance": %s}, ' \
      $(( ${#quote} + 3 )) "$stance"
    printf '{"start": %d, "end": %d, "label": "PERSON", "kind": "entity", "status": "accepted"}, ' \
      "$speaker_start" $(( speaker_start + ${#speaker} ))
    printf '{"start": %d, "end": %d, "label": "HARBOUR", "kind": "entity", "status": "accepted"}]}\n' \
      "$place_start" $(( place_start + ${#place} ))
  done
}
decisions >"$scratch/decisions.jsonl" <<'LINES'
done|favor|Mara Quint|Port Ellery|We welcome the new ferry, it will bring trade back to the island
done|favor|Tobias Wren|Holloway Quay|The ferry is good news for every family on the coast
done|favor|Ines Castellan|Port Ellery|I support the ferry because our shops need the visitors
done|favor|Dawit Mekonnen|Saltmarsh Pier|A daily ferry will help the school and the clinic
done|favor|Rosa Albescu|Holloway Quay|We have waited years for this ferry and we are glad it is coming
done|favor|Henrik Laug|Saltmarsh Pier|The ferry is a great chance for young people to stay here
done|favor|Amara Osei|Port Ellery|We back the ferry plan fully, it is the right choice
done|favor|Colm Farrelly|Holloway Quay|This ferry will help fishermen sell their catch
done|against|Petra Voss|Saltmarsh Pier|We oppose the ferry, it will harm the seals in the bay
done|against|Nils Brandt|Port Ellery|The ferry is a waste of money and nobody asked for it
done|against|Lucia Ferro|Holloway Quay|I am against the ferry because the noise will ruin the harbour
done|against|Omar Haddad|Saltmarsh Pier|The ferry plan is bad for the island and must be stopped
done|against|Greta Lind|Port Ellery|We reject this ferry, the fuel will pollute our water
done|against|Yusuf Kaya|Holloway Quay|The ferry will damage the old pier and we will fight it
done|against|Elena Moretti|Saltmarsh Pier|Stop the ferry, it brings traffic and danger to the village
done|against|Bram de Wit|Port Ellery|This ferry is a mistake that will cost the island dearly
new|null|Sanna Koivu|Holloway Quay|We welcome the ferry, it will help the shops and bring trade
new|null|Jonas Ekberg|Saltmarsh Pier|We oppose the ferry, it will harm the bay and waste money
LINES
# And one document without spans: only the trained entity model can suggest a HARBOUR in it.
echo '{"text": "The council met on Friday, and later Anna Berg spoke at Holloway Quay about the timetable."}' \
  >>"$scratch/decisions.jsonl"
proj="$scratch/train.annotator"
clean timeout 180 "$app" import "$proj" "$scratch/decisions.jsonl" --no-suggest >"$scratch/import.out" 2>&1 \
  || { cat "$scratch/import.out" >&2; fail "importing the training fixture failed"; }
started=$(date +%s.%N)
clean timeout 600 "$app" train "$proj" --seed 1 --curve >"$scratch/train.out" 2>&1 \
  || { cat "$scratch/train.out" >&2; fail "'train' failed"; }
sed 's/^/train: /' "$scratch/train.out"
echo "train: $(seconds_since "$started") s wall clock"
clean timeout 300 "$app" suggest "$proj" >"$scratch/suggest.out" 2>&1 \
  || { cat "$scratch/suggest.out" >&2; fail "'suggest' after 'train' failed"; }
sed 's/^/suggest: /' "$scratch/suggest.out"
clean timeout 120 "$app" export "$proj" "$scratch/out.jsonl" --all --no-tokens >/dev/null 2>&1 \
  || fail "'export --all --no-tokens' after 'train' failed"
# Every quote entry of a line with a stance guessed: "favor 0.78" (the fixture's two new quotes say favor,
# then against). None at all means suggest did not load the trained stance model from the project.
guesses=$(grep -o '"stance": null, "suggested_stance": {"label": "[a-z]*", "p": [0-9.e-]*}, "status"' \
  "$scratch/out.jsonl" | sed 's/.*"label": "\([a-z]*\)", "p": \([0-9.e-]*\).*/\1 \2/' | paste -sd, -) || true
[[ -n $guesses ]] || fail "no quote got a suggested stance after 'train' and 'suggest': the stance model was not used"
echo "suggested stances: ${guesses//,/, }"
harbours=$(grep -o '"label": "HARBOUR", "kind": "entity", "status": "suggested"' "$scratch/out.jsonl" | wc -l)
(( harbours > 0 )) || fail "no HARBOUR suggested after 'train' and 'suggest': the entity model was not used"
echo "suggested HARBOUR entities: $harbours"
