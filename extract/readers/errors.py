"""The one exception readers raise."""


class ReadError(Exception):
    """A file that cannot be read as a document: empty, corrupt, encrypted, undecodable,
    of an unknown type, or a PDF without a usable text layer. The message is shown to the
    user in the ``error`` column of documents.csv, so it says what is wrong and, where there
    is one, what to do."""
