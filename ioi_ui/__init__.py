"""Streamlit helpers shared by the pages: cached resources, the open workbook, answer widgets."""
