#!/usr/bin/env bash
# Score docintel against the shared gold: seeds, dev, and the vbpl header-metadata set.
#
#   scripts/score.sh            # all three
#   scripts/score.sh seeds dev  # some of them
#   SHARED=/path/to/shared OUT=/tmp/docintel-score scripts/score.sh
#
# Prints the scorer's lines (with every miss: -v). Needs ../shared (or $SHARED).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
OUT="${OUT:-$(mktemp -d -t docintel-score.XXXXXX)}"
DOCINTEL="${DOCINTEL:-$ROOT/.venv/bin/docintel}"
PY="${PY:-python3}"
sets=("$@")
[ ${#sets[@]} -eq 0 ] && sets=(seeds dev vbpl)

run_gold() {  # name texts_dir
  local name="$1" texts="$2"
  mkdir -p "$OUT/$name"
  "$DOCINTEL" parse "$texts"/*.txt --out "$OUT/$name" || true
  echo "== $name ($SHARED/gold/$name)"
  "$PY" "$SHARED/eval/score.py" --gold "$SHARED/gold/$name" --pred "$OUT/$name" -v
}

for s in "${sets[@]}"; do
  case "$s" in
    seeds) run_gold seeds "$SHARED/seeds" ;;
    dev) run_gold dev "$SHARED/corpus/dev" ;;
    vbpl)
      mkdir -p "$OUT/vbpl-texts" "$OUT/vbpl"
      "$PY" "$SHARED/eval/score_meta.py" --gold "$SHARED/corpus/vbpl/dev.jsonl" --write-texts "$OUT/vbpl-texts" >/dev/null
      "$DOCINTEL" parse "$OUT/vbpl-texts"/*.txt --out "$OUT/vbpl" || true
      echo "== vbpl ($SHARED/corpus/vbpl/dev.jsonl)"
      "$PY" "$SHARED/eval/score_meta.py" --gold "$SHARED/corpus/vbpl/dev.jsonl" --pred "$OUT/vbpl" -v
      ;;
    *) echo "unknown set: $s (seeds, dev, vbpl)" >&2; exit 2 ;;
  esac
done
echo "predictions in $OUT"
