"""The engine: models, listener, mood, scoring, the call and the coach. No I/O, no Textual."""
