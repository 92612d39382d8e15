"""A static-files finder that serves only the listed files of an npm package (settings.STATIC_LISTED_FILES).

STATICFILES_DIRS can only name whole directories; a package's ``dist`` also holds builds the pages never load
(Leaflet's ``leaflet-src*.js``, 2 MB). Listing the files keeps what is collected and served to what is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core import checks
from django.core.files.storage import FileSystemStorage


class ListedFilesFinder(BaseFinder):
    """Finds ``<prefix>/<file>`` for each file listed under a prefix: ``{prefix: (directory, [files])}``."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.entries: dict[str, tuple[Path, tuple[str, ...]]] = {
            prefix: (Path(root), tuple(files))
            for prefix, (root, files) in settings.STATIC_LISTED_FILES.items()
        }
        self.storages: dict[str, FileSystemStorage] = {}
        for prefix, (root, _files) in self.entries.items():
            storage = FileSystemStorage(location=root)
            storage.prefix = prefix  # type: ignore[attr-defined]  # collectstatic and whitenoise read it
            self.storages[prefix] = storage

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        """A listed file that is missing (``npm ci`` not run, or the package changed its layout)."""
        return [
            checks.Warning(
                f"{root / name} is listed in STATIC_LISTED_FILES but missing", id="minorworks.W001"
            )
            for root, files in self.entries.values()
            for name in files
            if not (root / name).is_file()
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        """The absolute path of ``path`` if it is a listed file (a list of it when ``find_all``), else ``[]``
        (what Django's own finders return for "not here", whatever ``find_all`` says)."""
        find_all = find_all or bool(kwargs.get("all"))
        for prefix, (root, files) in self.entries.items():
            name = path.removeprefix(f"{prefix}/")
            if name != path and name in files and (root / name).is_file():
                found = str(root / name)
                return [found] if find_all else found
        return []

    def list(self, ignore_patterns: Any) -> Any:
        """Every listed file that exists, with the storage that holds it."""
        for prefix, (root, files) in self.entries.items():
            for name in files:
                if (root / name).is_file():
                    yield name, self.storages[prefix]
