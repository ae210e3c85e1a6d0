"""The Textual UI: screens mirror what the trainee sees, widgets mirror regions of a screen.

Only this package imports Textual; the engine (trainer.engine.call, trainer.engine.coach, ...) never does.
"""

from trainer.app.app import TrainerApp, make_app

__all__ = ["TrainerApp", "make_app"]
