"""The batch: which files a run reads (``inputs``), the state store of an output folder
(``state``), where documents run (``executors``) and how a run's files are published
(``outputs``). It knows files, processes and folders, not what is in a report."""
