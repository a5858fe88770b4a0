import re

import pytest

from tui_outcomes.core import proforma
from tui_outcomes.core.stages import STAGES, stage_above, stage_below

from .conftest import SEEDS


def test_stages_in_model_order():
    assert [s.title for s in STAGES] == ["Final outcomes", "Interim outcomes", "Outputs", "Inputs"]
    assert [s.number for s in STAGES] == [1, 2, 3, 4]
    assert stage_above("inputs") == "outputs"
    assert stage_above("final_outcomes") is None
    assert stage_below("final_outcomes") == "interim_outcomes"
    assert stage_below("inputs") is None
    assert len({s.short for s in STAGES}) == 4
    assert all(s.question.endswith("?") for s in STAGES)


def test_proforma_numbering():
    assert [i.number for i in proforma.ANALYSES.items] == [str(n) for n in range(1, 8)]
    numbers = [i.number for i in proforma.APPLICATIONS.items]
    assert numbers == (["1.1", "1.2", "1.3"] + [f"2.{n}" for n in range(1, 9)] + ["3.1", "3.2", "3.3"]
                       + [f"4.{n}" for n in range(1, 8)] + [f"5.{n}" for n in range(1, 5)])
    assert [i.number for i in proforma.ANALYSES.items if i.footnote] == ["3", "4", "5"]
    specify = [i.number for s in proforma.SECTIONS for i in s.items if i.specify]
    assert specify == ["7", "1.3", "2.8", "3.3", "4.7", "5.1", "5.2", "5.3", "5.4"]


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.skipif(not (SEEDS / "natsip-benchmarking-applications-proforma.txt").exists(),
                    reason="the seed documents are not beside this checkout")
def test_every_label_is_the_proforma_s_own():
    seed = _normal((SEEDS / "natsip-benchmarking-applications-proforma.txt").read_text(encoding="utf-8"))
    for section in proforma.SECTIONS:
        assert _normal(section.title).lower() in seed.lower()
        for category in section.categories:
            if category.title:
                assert f"{category.number}. {category.title}" in seed or category.title in seed
            for item in category.items:
                if item.label:
                    assert _normal(item.label) in seed, item.number
    assert _normal(proforma.FOOTNOTE).replace("'", "’") in seed.replace("'", "’")
