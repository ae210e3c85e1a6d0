"""Shared fixtures. Every test is hermetic: no user data folder, no real clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.engine.models import Scenario
from trainer.formats.catalog import Catalog


@pytest.fixture(scope="session")
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One compiled cache for the whole run: shared by tests, never the user's."""
    return tmp_path_factory.mktemp("trainer-cache")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _cache_dir: Path) -> None:
    """Keep tests away from the user's data and cache folders and from TRAINER_* settings."""
    monkeypatch.setenv("TRAINER_CACHE", str(_cache_dir))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("TRAINER_DB", str(tmp_path / "trainer.db"))
    monkeypatch.delenv("TRAINER_SCENARIOS", raising=False)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog(use_env=False)


@pytest.fixture(scope="session")
def bow(catalog: Catalog) -> Scenario:
    """The reference scenario, best-of-the-worst."""
    return catalog.scenario("best-of-the-worst")
