"""Fixtures for the app tests: an app with only the reference scenario and no typing pause."""

from __future__ import annotations

import asyncio
import inspect

import pytest

from trainer.app import TrainerApp, make_app
from trainer.app.setup import Mode

from appkit import AppFactory, ReferenceCatalog


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (no pytest-asyncio plugin is needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True


@pytest.fixture(scope="session")
def reference_catalog() -> ReferenceCatalog:
    """One catalog for every app test: its models are frozen and the app only reads it, and a
    scenario object keeps its listener, so each test no longer rebuilds one (~0.3 s)."""
    return ReferenceCatalog(use_env=False)


@pytest.fixture
def app_factory(reference_catalog: ReferenceCatalog) -> AppFactory:
    """make_app over the reference catalog with no typing pause, so every reply is on screen
    as soon as Enter is handled."""

    def build(mode: Mode = "practice", **kwargs: object) -> TrainerApp:
        options: dict[str, object] = {"reply_delay": 0, "seed": 0, "mode": mode}
        options.update(kwargs)
        return make_app(reference_catalog, **options)  # type: ignore[arg-type]

    return build
