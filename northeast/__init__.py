"""Shared code of the Northeast China revitalization report: data loading and validation,
units and periods, trend helpers and the house chart style."""
