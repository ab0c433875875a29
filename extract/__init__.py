"""Readers and recognisers: what is in a file.

Readers (``extract.readers``) turn each file format into one :class:`extract.model.Document`;
recognisers (``extract.metadata``, ``extract.indicators``, ``extract.items``,
``extract.measures``) turn a Document into candidate facts with provenance. Neither writes
tables nor decides between candidates: that is ``ita_extract.resolve``.
"""

__version__ = "0.3.0"
