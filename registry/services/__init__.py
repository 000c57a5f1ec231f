"""Use cases of the registry. Each takes a unit of work (``uow``) and keyword arguments, records
its events, and leaves committing to the caller, so a command is all-or-nothing."""
