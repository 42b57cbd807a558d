"""The CLI's one error handler: exit codes, and a library exception as one line.

Exit codes: 0 done; 1 the answer is "no"; 2 bad usage (typer's own); 3 bad input; 4
transflow itself failed (a bug, or the machine stopped it: disk full, a read-only
folder); 5 busy: the workspace is locked by another command, or a file changed on disk
while we worked (a translator saved it): nothing was lost, run the command again.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable

import typer

from transflow.core.errors import ConcurrentEdit, SystemFailure, TransflowError, WorkspaceLocked

EXIT_NO = 1  # the answer is "no"
EXIT_USAGE = 2  # typer's own
EXIT_BAD_INPUT = 3
EXIT_INTERNAL = 4  # transflow itself failed: never 1, which means "the answer is no"
EXIT_BUSY = 5  # workspace locked, or a file changed under us: nothing lost, run again
EXIT_PIPE = 141  # the reader of stdout went away: what a tool killed by SIGPIPE reports


def exit_code(exc: BaseException) -> int:
    """The one mapping from a library exception to the command's exit code."""
    if isinstance(exc, WorkspaceLocked | ConcurrentEdit):
        return EXIT_BUSY
    if isinstance(exc, SystemFailure):
        return EXIT_INTERNAL
    if isinstance(exc, TransflowError):
        return EXIT_BAD_INPUT
    return EXIT_INTERNAL


# what the running command knows: --workspace, --debug, the workspace root (for messages)
state: dict[str, object] = {"workspace": None, "debug": False, "root": None}


def error_line(text: str) -> None:
    """One line on stderr, whatever state the renderer is in."""
    line = " ".join(text.split())  # a message is one line, even if a name holds a newline
    try:
        from transflow.cli.output import err

        err.print(f"[red]error:[/] {_escape(line)}")
    except Exception:  # the renderer itself failed: plain text
        sys.stderr.write(f"error: {line}\n")


def crash_message(exc: BaseException) -> str:
    """What an unexpected failure was, on which file, and what to do about it."""
    if isinstance(exc, OSError) and exc.errno is not None:
        import errno

        name = exc.filename or ""
        root = str(state.get("root") or "")
        if root and isinstance(name, str) and name.startswith(root + "/"):
            name = name[len(root) + 1 :]
        where = f"{name}: " if name else ""
        advice = {
            errno.ENOSPC: "free some disk space and run the command again",
            errno.EDQUOT: "free some disk space and run the command again",
            errno.EROFS: "the folder is read-only: make it writable, or work on a copy",
            errno.EACCES: "check the permissions of this file and its folder",
            errno.EPERM: "check the permissions of this file and its folder",
            errno.ENOTDIR: "a file stands where transflow needs a folder: move it away",
            errno.ENAMETOOLONG: "the name is too long for the file system: shorten it",
        }.get(exc.errno, "check this file and its folder, then run the command again")
        return f"{where}{exc.strerror or os.strerror(exc.errno)}; {advice}"
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return (
        f"transflow failed unexpectedly ({detail}); this is a bug in transflow, not in "
        "your files: run the command again with --debug and report the traceback"
    )


def guarded(command: Callable) -> Callable:
    """Every command's one error handler: a reported error (:class:`TransflowError`) is
    its message, an unexpected failure (a bug, a full disk, a read-only folder) a line
    saying what to do; both on one line of stderr, exit code from :func:`exit_code`,
    never a traceback (unless ``--debug``)."""

    @functools.wraps(command)
    def run(*args: object, **kwargs: object) -> object:
        try:
            return command(*args, **kwargs)
        except typer.Exit:
            raise
        except Exception as exc:
            if isinstance(exc, BrokenPipeError) and stdout_gone():
                reader_gone()
                raise typer.Exit(EXIT_PIPE) from None
            if type(exc).__module__.startswith(("typer", "click")) or state["debug"]:
                raise
            message = str(exc) if isinstance(exc, TransflowError) else crash_message(exc)
            error_line(message)
            raise typer.Exit(exit_code(exc)) from None

    return run


def stdout_gone() -> bool:
    """Whether stdout is a pipe (or socket) whose reader has closed it."""
    import select

    try:
        poll = select.poll()
        poll.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & (select.POLLERR | select.POLLHUP) for _, events in poll.poll(0))
    except (OSError, ValueError, AttributeError):  # no file descriptor, or no poll
        return False


def reader_gone() -> None:
    """The reader of stdout went away (``transflow export | head``): what is left to print
    goes nowhere (the interpreter would otherwise fail to flush it as it exits); the
    caller stops the command without a word, as a tool killed by SIGPIPE does (exit
    :data:`EXIT_PIPE`). Its work is done or undone exactly as for any other stop."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
