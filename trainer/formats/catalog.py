"""Finds scenarios, rubrics and conversation tests: built-in, ``--scenarios DIR`` and env.

A YAML file's kind comes from its top-level keys (``criteria`` makes a rubric, ``tests`` a
conversation test file, anything else a scenario), so authors can arrange folders as they like.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from trainer.engine.models import DEFAULT_DIFFICULTY, DEFAULT_RUBRIC
from trainer.formats import cache, yamlfile
from trainer.formats.diagnostics import Diagnostic, InvalidFile

if TYPE_CHECKING:  # building models loads the schema checker; `trainer list` never does
    from trainer.engine.models import Rubric, Scenario

ENV_VAR = "TRAINER_SCENARIOS"


class _HasId(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def path(self) -> str: ...


_Model = TypeVar("_Model", bound=_HasId)


def builtin_dirs() -> list[Path]:
    """The shipped folders: inside the wheel, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent.parent  # the trainer package
    packaged = here / "builtin"
    if (packaged / "scenarios").is_dir():
        return [packaged / "scenarios", packaged / "rubrics"]
    return [here.parent / "scenarios", here.parent / "rubrics"]


def kind_of(doc: yamlfile.Document) -> str:
    data = doc.data
    if isinstance(data, dict):
        if "tests" in data:
            return "test"
        if "criteria" in data and "mood" not in data:
            return "rubric"
    return "scenario"


@dataclass(frozen=True)
class Summary:
    """A scenario as `trainer list` shows it, read from its document: nothing built or compiled."""

    id: str
    title: str
    summary: str
    difficulty: str
    path: str


class UnknownScenario(Exception):
    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no scenario with id '{name}'{hint} (see `trainer list`)")


@dataclass
class Catalog:
    extra: list[Path] = field(default_factory=list)
    use_env: bool = True
    _docs: dict[Path, yamlfile.Document | None] = field(default_factory=dict, init=False)
    _problems: dict[Path, list[Diagnostic]] = field(default_factory=dict, init=False)
    _rubrics: dict[str, Rubric] | None = field(default=None, init=False)
    _scenarios: dict[str, Scenario] | None = field(default=None, init=False)
    _summaries: dict[str, Summary] | None = field(default=None, init=False)
    _summary_problems: dict[Path, list[Diagnostic]] = field(default_factory=dict, init=False)

    def dirs(self) -> list[Path]:
        out = builtin_dirs() + [Path(p) for p in self.extra]
        if self.use_env and os.environ.get(ENV_VAR):
            out += [Path(p) for p in os.environ[ENV_VAR].split(os.pathsep) if p]
        return out

    def files(self) -> list[Path]:
        seen: list[Path] = []
        resolved: set[Path] = set()
        for d in self.dirs():
            found = [d] if d.is_file() else sorted(d.rglob("*.yaml")) + sorted(d.rglob("*.yml"))
            for f in found:
                real = f.resolve()
                if real not in resolved:
                    resolved.add(real)
                    seen.append(f)
        return seen

    def document(self, path: Path) -> yamlfile.Document | None:
        if path not in self._docs:
            try:
                self._docs[path] = yamlfile.load(path)
            except InvalidFile as exc:
                self._docs[path] = None
                self._problems[path] = exc.diagnostics
        return self._docs[path]

    def files_of(self, kind: str) -> list[Path]:
        out = []
        for f in self.files():
            doc = self.document(f)
            if doc is None:
                guess = "rubric" if "rubric" in f.parent.name else "scenario"
                if guess == kind:
                    out.append(f)
            elif kind_of(doc) == kind:
                out.append(f)
        return out

    def _build_all(self, kind: str, build: Callable[[yamlfile.Document], _Model]) -> dict[str, _Model]:
        """Every valid file of ``kind`` by id; problems (and duplicate ids) go to `problems`."""
        found: dict[str, _Model] = {}
        for f in self.files_of(kind):
            doc = self.document(f)
            if doc is None:
                continue
            try:
                model = build(doc)
            except InvalidFile as exc:
                self._problems[f] = exc.diagnostics
                continue
            if model.id in found:
                self._problems[f] = [_duplicate(doc, model.id, found[model.id].path)]
                continue
            found[model.id] = model
        from trainer.formats.rubric_file import save_compiled

        save_compiled()
        return found

    def rubrics(self) -> dict[str, Rubric]:
        if self._rubrics is None:
            from trainer.formats import rubric_file

            self._rubrics = self._build_all("rubric", rubric_file.from_document)
        return self._rubrics

    def rubric(self, rid: str) -> Rubric | None:
        return self.rubrics().get(rid)

    def scenarios(self) -> dict[str, Scenario]:
        """Every valid scenario by id; problems with the others are in :meth:`problems`."""
        if self._scenarios is None:
            from trainer.formats import scenario_file

            self._scenarios = self._build_all(
                "scenario", lambda doc: scenario_file.from_document(doc, self.rubric)
            )
        return self._scenarios

    def summaries(self) -> dict[str, Summary]:
        """Every listable scenario by id, read from the parsed documents without building any.

        A scenario is left out, its problems kept for :meth:`summary_problems`, when it breaks
        the schema, names a rubric no rubric file has or repeats an id: the checks that come
        before building. What only building finds (a bad pattern, an unknown behaviour) is left
        to `trainer validate`, so listing compiles no pattern.
        """
        if self._summaries is None:
            rubric_ids = set()
            for f in self.files_of("rubric"):
                doc = self.document(f)
                if doc is not None and isinstance(doc.data.get("id"), str):
                    rubric_ids.add(doc.data["id"])
            found: dict[str, Summary] = {}
            for f in self.files_of("scenario"):
                doc = self.document(f)
                if doc is None:
                    continue
                problems = cache.schema_problems(doc, "scenario")
                if not problems and doc.data.get("rubric", DEFAULT_RUBRIC) not in rubric_ids:
                    problems = [_unknown_rubric(doc)]
                if not problems and doc.data["id"] in found:
                    problems = [_duplicate(doc, doc.data["id"], found[doc.data["id"]].path)]
                if problems:
                    self._summary_problems[f] = problems
                    continue
                d = doc.data
                difficulty = d.get("difficulty", DEFAULT_DIFFICULTY.value)
                found[d["id"]] = Summary(d["id"], d["title"], d["summary"], difficulty, doc.path)
            self._summaries = found
        return self._summaries

    def summary_problems(self) -> list[Diagnostic]:
        """The problems :meth:`summaries` met (and any file that does not parse), in file order."""
        self.summaries()
        out: list[Diagnostic] = []
        for f in self.files():
            out += self._problems.get(f, []) if self._docs.get(f) is None else []
            out += self._summary_problems.get(f, [])
        return out

    def problems(self) -> list[Diagnostic]:
        self.scenarios()
        return [d for f in self.files() for d in self._problems.get(f, [])]

    def scenario(self, name: str) -> Scenario:
        """A scenario by id, or by path to a YAML file; raises UnknownScenario or InvalidFile."""
        p = Path(name)
        if name.endswith((".yaml", ".yml")) or (p.exists() and p.is_file()):
            from trainer.formats import rubric_file, scenario_file

            try:
                return scenario_file.load(p, self.rubric)
            finally:
                rubric_file.save_compiled()
        found = self.scenarios()
        if name in found:
            return found[name]
        for f, probs in self._problems.items():
            doc = self._docs.get(f)
            if doc is not None and isinstance(doc.data, dict) and doc.data.get("id") == name:
                raise InvalidFile(probs)
        from rapidfuzz import process  # only for the "did you mean" of a miss

        close = process.extract(name, list(found), limit=3, score_cutoff=50)
        raise UnknownScenario(name, [str(c[0]) for c in close])

    def validate(self, paths: list[Path]) -> list[Diagnostic]:
        """Problems in the given files (scenarios, rubrics or tests are told apart by content)."""
        from trainer.formats import rubric_file, scenario_file

        out: list[Diagnostic] = []
        seen: dict[tuple[str, str], str] = {}
        for p in paths:
            try:
                doc = yamlfile.load(p)
                kind = kind_of(doc)
                ident = ""
                if kind == "rubric":
                    ident = rubric_file.from_document(doc).id
                elif kind == "scenario":
                    ident = scenario_file.from_document(doc, self.rubric).id
                elif kind == "test":
                    from trainer.formats import test_file  # it loads the schema checker

                    test_file.load(p)
                if ident and (kind, ident) in seen:
                    out.append(_duplicate(doc, ident, seen[(kind, ident)]))
                elif ident:
                    seen[(kind, ident)] = str(p)
            except InvalidFile as exc:
                out.extend(exc.diagnostics)
        rubric_file.save_compiled()
        return out


def _duplicate(doc: yamlfile.Document, ident: str, other: str) -> Diagnostic:
    return doc.problem(
        ("id",), "TCT024", f"duplicate id '{ident}': {other} uses it too", "give one file a new id"
    )


def _unknown_rubric(doc: yamlfile.Document) -> Diagnostic:
    """The TCT020 that building the scenario would raise (scenario_file words it the same)."""
    return doc.problem(
        ("rubric",),
        "TCT020",
        f"unknown rubric '{doc.data.get('rubric', DEFAULT_RUBRIC)}'",
        "use 'core' or the id of a rubric file in a rubrics/ folder",
    )
