"""The notebooks in python/examples run as scripts: their code cells in order, in a fresh folder."""
import glob
import json
import os

import pytest

EXAMPLES = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "examples", "*.ipynb")))


def test_there_are_examples():
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("notebook", EXAMPLES, ids=os.path.basename)
def test_notebook_runs(notebook, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open(notebook) as f:
        cells = json.load(f)["cells"]
    namespace = {"__name__": "__main__"}
    for cell in cells:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), notebook, "exec"), namespace)
    assert any(p.endswith(".png") for p in os.listdir(tmp_path)), "the notebook draws its figure"
