"""The PyInstaller spec leaves nothing out that training and trained models need (issue 15).

packaging/smoke.sh checks a built bundle end to end (train, then suggest with the models); this
catches the cheap mistake without a build: a module in the spec's EXCLUDES that training imports.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Trains a tiny stance model and fine-tunes a blank ner as annotator's training does, stores and loads
# the stance model back as `annotator suggest` does, and prints every module that was imported.
TRAIN_AND_LOAD = """
import json, sys
import spacy
from spacy.training import Example
from annotator.learning import entities, training
from annotator.learning.stance import StanceExample, train_stance
from annotator.store.models_part import StoredModel
from annotator.trained import from_stored, guess_stances, to_stored

examples = [StanceExample("we welcome it", "", "favor"), StanceExample("we oppose it", "", "against")]
nlp = train_stance(examples * 2, ["favor", "against"], seed=0)
version, config, data = to_stored(nlp)
loaded = from_stored(StoredModel("stance", version, config, data, {}, "", 4))
assert guess_stances(loaded, ["we welcome it"])[0][0] in ("favor", "against")

ner_nlp = spacy.blank("en")
ner = ner_nlp.add_pipe("ner")
ner.add_label("HARBOUR")
doc = ner_nlp.make_doc("Boats left Port Ellery.")
example = Example.from_dict(doc, {"entities": [(11, 22, "HARBOUR")]})
optimizer = ner_nlp.initialize(lambda: [example])
ner_nlp.update([example], sgd=optimizer)
optimizer = ner_nlp.resume_training()
ner_nlp.update([example], sgd=optimizer)
print(json.dumps(sorted(sys.modules)))
"""


def spec_excludes() -> list[str]:
    tree = ast.parse((ROOT / "packaging" / "annotator.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "EXCLUDES" for target in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise AssertionError("packaging/annotator.spec has no EXCLUDES list")


def test_training_and_loading_a_trained_model_import_nothing_the_spec_excludes() -> None:
    excludes = spec_excludes()
    assert "spacy.tests" in excludes  # the list was read
    ran = subprocess.run(
        [sys.executable, "-c", TRAIN_AND_LOAD], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert ran.returncode == 0, ran.stderr
    imported = json.loads(ran.stdout.strip().splitlines()[-1])
    assert "spacy.training" in imported and "thinc.optimizers" in imported
    left_out = [
        name
        for name in imported
        if any(name == excluded or name.startswith(excluded + ".") for excluded in excludes)
    ]
    assert not left_out, f"training imports modules packaging/annotator.spec excludes: {left_out}"
