"""Marp-aware lint: rules registered in :mod:`.registry`, run by :mod:`.runner`."""
