"""The KPI catalogue and the one computation of every figure the plans ask for."""
