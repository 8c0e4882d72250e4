"""Level files: models, loading, generators."""
