"""Screens, one per step of a session: home, briefing, call, scorecard, review, help."""
