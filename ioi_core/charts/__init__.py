"""Diagrams of the framework as Altair charts and SVG."""
