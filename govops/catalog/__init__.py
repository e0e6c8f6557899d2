"""The classification catalogue (data in ``catalog/data/``) and the classifier."""
