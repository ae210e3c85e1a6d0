"""File formats: YAML with locations, diagnostics, schemas, scenario and rubric files, the catalog."""
