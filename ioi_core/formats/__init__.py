"""Files in and out: workbook JSON and Excel, the printable HTML report, bank files, readings CSV, safe CSV and Markdown, and why a file was refused."""
