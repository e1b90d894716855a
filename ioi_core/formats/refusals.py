"""Why a file was not taken in: one exception for every import (JSON and Excel workbooks, bank files)."""


class ImportRefused(Exception):
    """The file cannot be imported; the message says why in plain words."""
