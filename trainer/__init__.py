"""Tough Call Trainer: practise difficult customer calls, offline and explainable."""

__version__ = "0.1.0"
