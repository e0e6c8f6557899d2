"""Small shared helpers with no govops dependencies above ``errors``."""
