"""Tools for scenario authors: lint, graph, explore, coverage, conversation tests, starter, eval."""
