"""The workbook and its questions: the pydantic workbook, the catalogue of questions, how an exercise's answers are judged, table rows."""
