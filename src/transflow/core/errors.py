"""Error types. The library raises these; only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class TransflowError(Exception):
    """Base of every error transflow reports to a user."""


class InputError(TransflowError):
    """Unreadable or ill-formed input: a source, a catalog, a glossary. Exit code 3."""

    def __init__(self, path: str | None, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __reduce__(self) -> tuple:  # picklable across worker processes
        return (self.__class__, (self.path, self.message, self.line))

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line:
            where = f"{self.path}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class UnsupportedFormat(InputError):
    """A source whose extension no reader handles."""


class CatalogSyntaxError(InputError):
    """A PO/POT file that GNU msgfmt --check would reject (or that we refuse to guess at)."""


class ConfigError(InputError):
    """Bad workspace configuration or an unknown language."""


class SystemFailure(TransflowError):
    """transflow could not finish because of the machine, not the input: a full disk, a
    read-only or unwritable folder. Exit code 4, like an internal failure."""


class WriteFailed(InputError, SystemFailure):
    """A file could not be written (disk full, read-only, permission): names the file."""


class WorkspaceNotFound(TransflowError):
    """No transflow.toml (or [tool.transflow]) above the current directory."""


class WorkspaceLocked(TransflowError):
    """Another transflow command holds the workspace lock."""


class ConcurrentEdit(TransflowError):
    """A file changed on disk between our read and our write (a translator saved it)."""
