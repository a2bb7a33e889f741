"""A held-out check of answers on real legal texts that no benchmark tunes on: never choose a rule here.

    .venv/bin/python bench/licences_heldout.py [--json PATH]

The Mozilla Public License 2.0, the GNU GPL version 3 and the Apache License 2.0 as Debian installs them
(/usr/share/common-licenses, package base-files: plain text named without a suffix), indexed together into a
fresh library; 27 questions written by reading them (bench/data/licences_heldout.json: 19 answerable with gold
spans, 8 about facts they do not contain), asked through the front door as `enclave ask` does. Scored like
bench/realdocs.py: the answer line states the gold, answerable questions refused, absent facts refused.
Why it exists: the real-document benchmark's dev gains did not all carry to its test split; a third set of real
documents of another kind (legal text, several documents that a question tells apart by name) shows whether a
change generalizes. It is a check, not a split to tune on: its questions were written once, before any change was
measured on them.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the code under test: PYTHONPATH's checkout where one is given (another engineer's worktree), else this one
sys.path.insert(len(sys.path) if os.environ.get("PYTHONPATH") else 0, str(ROOT))

from bench.answer_scoring import answer_line, is_refusal, states  # noqa: E402

LICENCES = [Path("/usr/share/common-licenses") / name for name in ("MPL-2.0", "GPL-3", "Apache-2.0")]
QUESTIONS = ROOT / "bench" / "data" / "licences_heldout.json"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write every answer and its score here")
    args = parser.parse_args(argv)
    missing = [str(p) for p in LICENCES if not p.is_file()]
    if missing:
        print(f"the licence texts are missing ({', '.join(missing)}); they come with Debian's base-files package")
        return 2
    import os

    os.environ["ENCLAVE_HOME"] = tempfile.mkdtemp(prefix="enclave-licences-")
    from agents.api import Enclave, FinalAnswer

    questions = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    rows = []
    with Enclave() as enclave:
        list(enclave.index(LICENCES))
        for item in questions:
            text = next(e.text for e in enclave.ask(item["question"]) if isinstance(e, FinalAnswer))
            refused = is_refusal(text)
            line = not item["absent"] and states(answer_line(text), item["gold"])
            rows.append({**item, "answer": text, "refused": refused, "line": line})
            mark = ("REFUSED" if refused else "answered") if item["absent"] else \
                ("line" if line else "REFUSED" if refused else "wrong")
            print(f"  {mark:8} {item['question']}\n           {answer_line(text)[:120]}", flush=True)
    answerable = [r for r in rows if not r["absent"]]
    absent = [r for r in rows if r["absent"]]
    print(f"licences (held out): answer line {sum(r['line'] for r in answerable)}/{len(answerable)}, "
          f"wrongly refused {sum(r['refused'] for r in answerable)}/{len(answerable)}, "
          f"absent refused {sum(r['refused'] for r in absent)}/{len(absent)}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
