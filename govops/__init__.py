"""govops: operations toolkit for a city's e-government infrastructure."""

__version__ = "0.1.0"
