"""Write tests/access/expected.py from a walk, so that a change of rule shows as a diff.

    ACCESS_MATRIX_WALKED=/tmp/walked .venv/bin/pytest tests/access/test_matrix.py
    .venv/bin/python -m tests.access.rewrite /tmp/walked
    git diff tests/access/expected.py   # read every changed row before committing

Only ever commit rows you have read and agree with: the file is the rule.
"""

import json
import re
import sys
from pathlib import Path

from tests.access.personas import PERSONAS

EXPECTED = Path(__file__).with_name("expected.py")


def main(folder: str) -> None:
    walked = {p: json.loads(Path(folder, f"{p}.json").read_text()) for p in PERSONAS}
    text = EXPECTED.read_text()
    head = text[: text.index("EXPECTED: dict[str, str] = {")]
    rows = [
        f'    "{route}": "{" ".join(walked[p][route] for p in PERSONAS)}",'
        for route in walked[PERSONAS[0]]
    ]
    body = "EXPECTED: dict[str, str] = {\n" + "\n".join(rows) + "\n}\n"
    EXPECTED.write_text(re.sub(r"\n+$", "\n", head + body))


if __name__ == "__main__":
    main(sys.argv[1])
