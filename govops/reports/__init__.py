"""Report models, renderers and translations."""
