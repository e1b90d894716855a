"""Judgements over a workbook: the principles check, the stakeholder checks, progress through the exercises."""
