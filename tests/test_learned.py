"""The learned fallback: reproducible training, and it only fills gaps the patterns leave."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.testkit import DATA, ROOT
from trainer.authoring.evaluate import load_examples
from trainer.engine.listener import learned
from trainer.engine.listener.listen import Listener, listener_for
from trainer.engine.models import LearnedSpec
from trainer.formats.catalog import Catalog
from trainer.formats.rubric_file import small_talk_corpus

EXCUSE_WORD = "zorblat"  # a made-up word, so only the model can know it means an excuse


def toy_examples() -> list[tuple[str, frozenset[str]]]:
    out = []
    for i in range(12):
        out.append((f"the {EXCUSE_WORD} held up order {i}", frozenset({"excuse"})))
        out.append((f"we will ship order {i} today", frozenset()))
    return out


def toy_listener(tmp_path: Path, catalog: Catalog) -> Listener:
    model = learned.train(toy_examples(), ["excuse", "apology"])
    path = tmp_path / "toy.model.json"
    learned.save(model, path)
    rubric = catalog.rubric("core")
    assert rubric is not None
    return Listener(rubric.behaviors, learned=LearnedSpec(str(path), 0.7, ()))


def test_training_is_deterministic() -> None:
    a = learned.train(toy_examples(), ["excuse"]).to_json()
    b = learned.train(toy_examples(), ["excuse"]).to_json()
    assert json.dumps(a) == json.dumps(b)


def test_model_adds_what_the_patterns_miss_and_says_why(tmp_path: Path, catalog: Catalog) -> None:
    listener = toy_listener(tmp_path, catalog)
    heard = listener.hear(f"Honestly the {EXCUSE_WORD} again.")
    det = heard.get("excuse")
    assert det is not None
    assert det.rule.startswith("learned from examples") and EXCUSE_WORD in det.rule
    assert 0.7 <= det.score <= 1


def test_model_obeys_the_patterns_vetoes(tmp_path: Path, catalog: Catalog) -> None:
    listener = toy_listener(tmp_path, catalog)
    # the excuse veto: refusing to blame someone is not an excuse
    heard = listener.hear(f"I won't blame the {EXCUSE_WORD} for this.")
    assert heard.get("excuse") is None


# What the shipped model is trained on, as the README's command line says:
# `trainer learn tests/data/utterances*.yaml tests/data/train/lines-*.yaml`. Never the measuring
# set (tests/data/measure/), which must stay unseen to report honest figures.
TRAINING = sorted(DATA.glob("utterances*.yaml")) + sorted((DATA / "train").glob("lines-*.yaml"))
SMALL_TALK = DATA / "train" / "small-talk.txt"


def test_shipped_model_is_reproducible_from_its_sources(catalog: Catalog) -> None:
    rubric = catalog.rubric("core")
    assert rubric is not None and rubric.learned is not None
    shipped = json.loads(Path(rubric.learned.path).read_text("utf-8"))
    sources = shipped["trained_on"]
    assert sources == [p.name for p in TRAINING] + ["core neutral corpus", SMALL_TALK.name]
    assert "utterances.yaml" in sources and "lines-1.yaml" in sources
    measuring = {p.name for p in (DATA / "measure").iterdir()}
    assert measuring and not measuring & set(sources), "the measuring set must not be trained on"
    examples = [(ex.text, ex.labels) for path in TRAINING for ex in load_examples(path)]
    behaviors = list(shipped["behaviors"])
    small_talk = small_talk_corpus(rubric, [SMALL_TALK])
    rebuilt = learned.train(examples, behaviors, tuple(sources), small_talk).to_json()
    assert rebuilt == shipped, "rubrics/core.model.json is stale: run `trainer learn` (see README)"


def test_missing_model_file_is_a_located_problem(tmp_path: Path, catalog: Catalog) -> None:
    text = (ROOT / "rubrics" / "core.yaml").read_text("utf-8")
    text = text.replace("model: core.model.json", "model: nowhere.json").replace("id: core", "id: core-copy")
    path = tmp_path / "copy.yaml"
    path.write_text(text, "utf-8")
    # The neutral corpus is named relative to the rubric: it comes along, so only the model is missing.
    neutral = ROOT / "rubrics" / "core.neutral.txt"
    (tmp_path / neutral.name).write_text(neutral.read_text("utf-8"), "utf-8")
    problems = catalog.validate([path])
    assert [p.code for p in problems] == ["TCT028"]
    assert "trainer learn" in str(problems[0])


def test_small_talk_is_learned_from_the_neutral_corpus(catalog: Catalog) -> None:
    """Chit-chat phrased as a question asks nothing about the customer's situation; a real
    question that merely shares words with chit-chat ("look like for you", "by Friday") does."""
    rubric = catalog.rubric("core")
    assert rubric is not None and rubric.learned is not None
    assert learned.load(rubric.learned.path).acts.get("small_talk") is not None
    listener = listener_for(rubric)
    for chat in ("Are you much of a football fan?", "Have you had lunch yet?", "How was the honeymoon?"):
        heard = listener.hear(chat)
        assert "clarifying_question" not in heard.behavior_ids(), chat
        assert heard.acts == ("small_talk",), chat
    for asks in (
        "What does a good outcome look like for you by Friday?",
        "what do u need from us to get thru month end",
        "When one of those orders slips, who on your side feels it first?",
    ):
        assert "clarifying_question" in listener.hear(asks).behavior_ids(), asks


def test_learned_evidence_is_the_same_in_every_process() -> None:
    """A seeded replay must be the same call anywhere: the learned model's score and the words
    it names may not depend on the process's hash seed (set order)."""
    script = (
        "import json\n"
        "from trainer.formats.catalog import Catalog\n"
        "from trainer.engine.listener.listen import listener_for\n"
        "L = listener_for(Catalog(use_env=False).rubric('core'))\n"
        "lines = ['thats on the retailer, they sold u the wrong plan',\n"
        "         'Your warehouse must be overflowing with returns right now.']\n"
        "print(json.dumps([[(d.id, d.score, d.rule) for d in L.hear(t).behaviors] for t in lines]))\n"
    )
    out = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True, cwd=ROOT)
        out.append(done.stdout)
    assert "learned from examples" in out[0]
    assert out[0] == out[1]


def test_a_doubting_model_overrules_a_pattern_it_is_sure_is_wrong(tmp_path: Path, catalog: Catalog) -> None:
    """The toy model has learned "apology" from no line at all, so it is sure no sentence is
    one: with ``doubt`` set, it overrules the patterns; without, the patterns stand. It never
    overrules what it was not trained on (ownership) nor what it thinks likely (excuse)."""
    model = learned.train(toy_examples(), ["excuse", "apology"])
    path = tmp_path / "toy.model.json"
    learned.save(model, path)
    rubric = catalog.rubric("core")
    assert rubric is not None
    said = f"I'm so sorry, the {EXCUSE_WORD} held it up. That's on us."
    trusting = Listener(rubric.behaviors, learned=LearnedSpec(str(path), 0.7, ()))
    doubting = Listener(rubric.behaviors, learned=LearnedSpec(str(path), 0.7, (), doubt=0.03))
    assert {"apology", "excuse", "ownership"} <= set(trusting.hear(said).behavior_ids())
    heard = set(doubting.hear(said).behavior_ids())
    assert "apology" not in heard and {"excuse", "ownership"} <= heard
