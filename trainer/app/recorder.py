"""Saving calls as they happen, off the UI thread, in order.

One worker thread owns the history: every write and read is queued on it, so a call's turns
reach the database in the order they were said and the UI never waits for SQLite. Results and
problems come back to the UI through ``deliver`` (a thread-safe "run this on the UI loop").

If the history cannot be opened or written (read-only, corrupt, a newer schema), the problem is
reported once through ``on_error`` and the call goes on unsaved: nothing on screen is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # the history (and the engine it loads) is imported by the worker, on use
    from trainer.engine.call import Call, Turn
    from trainer.engine.models import Scenario
    from trainer.store import Store, StoreError

T = TypeVar("T")
Deliver = Callable[[Callable[[], None]], None]


def _store_error() -> type[StoreError]:
    """The history's error class. An ``except`` clause names it only once a job has opened the
    history, so the module (and the engine under it) stays out of the app's start-up."""
    from trainer.store import StoreError

    return StoreError


@dataclass
class Handle:
    """A call (or session) as the UI knows it; ``id`` is filled in by the worker once saved."""

    id: int | None = None
    broken: bool = False
    """A write for this call failed: later writes for it are skipped (the call goes on)."""
    on_broken: Callable[[str], None] | None = None
    """Told (on the UI) why, when a write for this call fails; else the recorder's ``on_error``."""


@dataclass
class Recorder:
    """The app's history. ``path`` None: $TRAINER_DB, else the user data folder."""

    path: str | Path | None
    deliver: Deliver
    on_error: Callable[[str], None]
    enabled: bool = True
    store: Store | None = field(default=None, init=False)
    _pool: ThreadPoolExecutor = field(init=False)
    _opened: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="history")

    # -- the worker side ---------------------------------------------------------------------

    def _store(self) -> Store | None:
        """Open the history on first use (in the worker); None when it cannot be opened."""
        if not self._opened and self.enabled:
            self._opened = True
            from trainer.store import Store

            try:
                self.store = Store.open(self.path)
            except _store_error() as exc:
                self._report(f"History is off: {exc}. Calls go on unsaved.")
        return self.store

    def _report(self, message: str) -> None:
        self.deliver(lambda: self.on_error(message))

    def _queue(self, job: Callable[[], None]) -> Future[None]:
        return self._pool.submit(job)

    # -- the UI side: each returns at once ---------------------------------------------------

    def submit(
        self,
        query: Callable[[Store], T],
        done: Callable[[T], None],
        failed: Callable[[str], None] | None = None,
    ) -> Future[None]:
        """Run ``query`` on the history in the worker, then ``done(result)`` on the UI."""

        def job() -> None:
            store = self._store()
            if store is None:
                if failed is not None:
                    self.deliver(lambda: failed("history is off"))
                return
            try:
                result = query(store)
            except (_store_error(), OSError) as exc:
                message = str(exc)
                self.deliver(lambda: (failed or self.on_error)(message))
                return
            self.deliver(lambda: done(result))

        return self._queue(job)

    def start_session(self, title: str, trainees: Sequence[str], group: str | None) -> Handle:
        session = Handle()

        def job() -> None:
            store = self._store()
            if store is None:
                return
            try:
                session.id = store.start_session(title, list(trainees), group)
            except _store_error() as exc:
                session.broken = True
                self._report(f"The session could not be saved: {exc}")

        self._queue(job)
        return session

    def begin(
        self,
        call: Call,
        mode: str,
        *,
        group: str | None = None,
        session: Handle | None = None,
        speakers: Sequence[str] = (),
        parent: tuple[Handle, int] | None = None,
        replayed: int = 0,
        on_broken: Callable[[str], None] | None = None,
    ) -> Handle:
        """Save a new call (and any turns it already has, with their speakers); the first
        ``replayed`` turns are a rewound try's, saved as inherited so nobody is credited twice.
        ``on_broken``: told instead of ``on_error`` when a write for this call fails."""
        handle = Handle(on_broken=on_broken)
        turns = list(call.turns)
        names = list(speakers)

        def job() -> None:
            store = self._store()
            if store is None:
                return
            link = None
            if parent is not None and parent[0].id is not None:
                link = (parent[0].id, parent[1])
            try:
                handle.id = store.begin(
                    call,
                    mode,
                    group,
                    session.id if session is not None else None,
                    parent=link,
                    turns=turns,
                    speakers=names,
                    replayed=replayed,
                )
            except _store_error() as exc:
                self._broken(handle, exc)

        self._queue(job)
        return handle

    def record_turn(self, handle: Handle, turn: Turn, speaker: str | None = None) -> None:
        def job() -> None:
            store = self.store
            if store is None or handle.id is None or handle.broken:
                return
            try:
                store.record_turn(handle.id, turn, speaker)
            except _store_error() as exc:
                self._broken(handle, exc)

        self._queue(job)

    def finish(self, handle: Handle, call: Call) -> None:
        def job() -> None:
            store = self.store
            if store is None or handle.id is None or handle.broken:
                return
            try:
                store.finish_call(handle.id, call)
            except _store_error() as exc:
                self._broken(handle, exc)

        self._queue(job)

    def branch(
        self,
        handle: Handle,
        turn: int,
        scenario: Scenario,
        done: Callable[[Handle, Call], None],
        failed: Callable[[str], None],
    ) -> None:
        """Rewind a saved call with ``store.branch``; ``failed`` when it is not saved."""

        def job() -> None:
            store = self.store
            if store is None or handle.id is None or handle.broken:
                self.deliver(lambda: failed("the call is not saved"))
                return
            try:
                new_id, call = store.branch(handle.id, turn, scenario)
            except _store_error() as exc:
                message = str(exc)
                self.deliver(lambda: failed(message))
                return
            self.deliver(lambda: done(Handle(new_id), call))

        self._queue(job)

    def _broken(self, handle: Handle, exc: StoreError) -> None:
        if not handle.broken:
            handle.broken = True
            message = f"Could not save this call: {exc}. The call goes on unsaved."
            told = handle.on_broken
            if told is None:
                self._report(message)
            else:
                self.deliver(lambda: told(message))

    # -- lifetime ----------------------------------------------------------------------------

    def flushed(self) -> Future[None]:
        """Done once everything queued so far has run (tests await it)."""
        return self._queue(lambda: None)

    def close(self) -> None:
        """Finish what is queued, then close the history."""
        self._pool.shutdown(wait=True)
        if self.store is not None:
            self.store.close()
            self.store = None
