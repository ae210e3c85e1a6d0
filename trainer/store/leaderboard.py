"""Bests and the leaderboard: each trainee's top score per scenario, and who passed."""

from __future__ import annotations

from typing import Any

from trainer.store.reads import Reads
from trainer.store.rows import CALL_ROWS, summary_from_row
from trainer.store.summaries import LeaderRow

# A call someone rewound and branched from is a first try the branch replaced, not a result.
_NOT_REWOUND = "NOT EXISTS (SELECT 1 FROM calls k WHERE k.parent_uuid = {alias}.uuid)"


class Leaderboard(Reads):
    """Queries over finished calls only: a running or crashed call has no score yet."""

    def best_scores(self, trainee: str) -> dict[str, int]:
        """The trainee's best overall per scenario, over finished calls."""
        with self._read() as c:
            rows = c.execute(
                f"""SELECT scenario_id, MAX(overall) AS best FROM calls
                   WHERE trainee = ? AND finished_at IS NOT NULL AND overall IS NOT NULL
                   AND {_NOT_REWOUND.format(alias="calls")}
                   GROUP BY scenario_id""",
                (trainee,),
            ).fetchall()
        return {str(r["scenario_id"]): int(r["best"]) for r in rows}

    def leaderboard(self, scenario: str | None = None) -> list[LeaderRow]:
        """Each trainee's best per scenario and whether they passed it in assessment mode."""
        sql = CALL_ROWS + " WHERE c.finished_at IS NOT NULL AND " + _NOT_REWOUND.format(alias="c")
        params: list[Any] = []
        if scenario is not None:
            sql += " AND c.scenario_id = ?"
            params.append(scenario)
        rows: dict[tuple[str, str], LeaderRow] = {}
        with self._read() as c:
            summaries = [summary_from_row(r) for r in c.execute(sql, params)]
        for s in summaries:
            key = (s.trainee, s.scenario_id)
            old = rows.get(key)
            best = max((x for x in (old.best if old else None, s.overall) if x is not None), default=None)
            assess = [old.best_assessment if old else None]
            if s.mode == "assessment":
                assess.append(s.overall)
            rows[key] = LeaderRow(
                trainee=s.trainee,
                scenario_id=s.scenario_id,
                scenario_title=s.scenario_title,
                best=best,
                attempts=(old.attempts if old else 0) + 1,
                best_assessment=max((x for x in assess if x is not None), default=None),
                passed=(old.passed if old else False) or s.passed,
            )
        return sorted(rows.values(), key=lambda r: (r.scenario_id, -(r.best or -1), r.trainee))
