"""Bounded work: untrusted computations run with a ceiling on memory, CPU time and wall time.

A project's templates are code from whoever wrote the project (CI builds pull requests from
strangers). The sandbox forbids what is dangerous; these limits bound what is merely expensive,
for every construct, listed or not: the tasks run in a forked child process whose address space
and CPU time are capped by the kernel, and which the parent kills at a deadline. A fork costs
about 3 ms; where there is no fork (Windows), the tasks run in-process with the sandbox's own
bounds only.
"""
from __future__ import annotations

import os
import select
import signal
import struct
import threading
import time
from dataclasses import dataclass
from typing import Callable, Sequence


@dataclass(frozen=True)
class Limits:
    seconds: float = 10.0                 # wall and CPU time for all the tasks of one run
    memory: int = 768 * 2**20             # bytes the child may allocate beyond what it inherits

    def within(self, seconds: float) -> Limits:
        """These limits, with no more time than ``seconds``."""
        return Limits(max(min(self.seconds, seconds), 0.001), self.memory)


class LimitExceeded(Exception):
    """A run broke a limit while working on task ``index``; ``kind`` is "time" or "memory"."""

    def __init__(self, kind: str, index: int, limits: Limits):
        super().__init__(kind, index)
        self.kind, self.index, self.limits = kind, index, limits

    def describe(self) -> str:
        if self.kind == "time":
            return f"took more than {self.limits.seconds:g} s"
        return f"needed more than {self.limits.memory // 2**20} MB of memory"


_PROGRESS, _RESULT, _MEMORY = b"P", b"R", b"M"


def _virtual_size() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(tasks: Sequence[Callable[[], object]], limits: Limits, pipe: int) -> None:
    import resource

    def send(kind: bytes, payload: bytes) -> None:
        frame = kind + struct.pack(">Q", len(payload)) + payload
        while frame:
            frame = frame[os.write(pipe, frame):]

    size = _virtual_size()
    if size:
        resource.setrlimit(resource.RLIMIT_AS, (size + limits.memory, size + limits.memory))
    cpu = int(limits.seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    results = []
    for index, task in enumerate(tasks):
        send(_PROGRESS, struct.pack(">Q", index))
        try:
            results.append(task())
        except MemoryError:
            results = None                    # free what it held before reporting
            send(_MEMORY, struct.pack(">Q", index))
            return
    import pickle

    send(_RESULT, pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))


def _read_frames(pipe: int, pid: int, deadline: float) -> tuple[bytes, int, bytes]:
    """Frames from the child until its result or its end: (last kind, last task index, result)."""
    buffer, index = b"", 0
    while True:
        while len(buffer) >= 9:
            kind, length = buffer[:1], struct.unpack(">Q", buffer[1:9])[0]
            if len(buffer) < 9 + length:
                break
            payload, buffer = buffer[9:9 + length], buffer[9 + length:]
            if kind == _PROGRESS:
                index = struct.unpack(">Q", payload)[0]
            else:
                return kind, index, payload
        left = deadline - time.monotonic()
        ready = select.select([pipe], [], [], max(left, 0))[0] if left > 0 else []
        if not ready:
            return b"T", index, b""
        chunk = os.read(pipe, 1 << 20)
        if not chunk:
            return b"E", index, b""
        buffer += chunk


def run_bounded(tasks: Sequence[Callable[[], object]], limits: Limits) -> list[object]:
    """The tasks' results, in order; LimitExceeded names the task that broke a limit.

    Each task must return a picklable value and report its own errors in it."""
    return start_bounded(tasks, limits).results()


class _Run:
    """Tasks at work in a bounded child process, whose results are asked for later."""

    def __init__(self, tasks: Sequence[Callable[[], object]], limits: Limits):
        self.tasks, self.limits, self.pid, self.pipe = tasks, limits, None, None
        if not tasks or not hasattr(os, "fork"):      # nothing to run, or no fork: run in results()
            return
        read_end, write_end = os.pipe()
        self.deadline = time.monotonic() + limits.seconds
        pid = os.fork()
        if pid == 0:                              # the child: work, report, and leave at once
            code = 0
            try:
                os.close(read_end)
                _child(tasks, limits, write_end)
            except BaseException:                 # noqa: BLE001 - the parent sees the missing result
                code = 1
            finally:
                os._exit(code)
        os.close(write_end)
        self.pid, self.pipe = pid, read_end

    def results(self) -> list[object]:
        if self.pid is None:
            return [task() for task in self.tasks]
        kind, index, payload, status = b"E", 0, b"", 0
        try:
            kind, index, payload = _read_frames(self.pipe, self.pid, self.deadline)
        finally:                                  # whatever happens here, the child does not outlive it
            os.close(self.pipe)
            if kind != _RESULT:
                _kill(self.pid)
                _, status = os.waitpid(self.pid, 0)
        _reap(self.pid if kind == _RESULT else None)
        if kind == _RESULT:
            import pickle

            return pickle.loads(payload)
        timed_out = kind == b"T" or (os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL))
        raise LimitExceeded("time" if timed_out else "memory", index, self.limits)

    def cancel(self) -> None:
        """Stop the child, whose results nobody will ask for."""
        if self.pid is not None:
            os.close(self.pipe)
            _kill(self.pid)
            os.waitpid(self.pid, 0)
            self.pid, self.tasks = None, []


def start_bounded(tasks: Sequence[Callable[[], object]], limits: Limits) -> _Run:
    """run_bounded's tasks set to work: the caller does something else, then asks the results."""
    return _Run(tasks, limits)


_EXITING: list[int] = []       # children that sent their result, not yet waited for


def _reap(exiting: int | None) -> None:
    """Wait for the children that have ended. One that sent its result calls _exit at once, but
    the system takes a few milliseconds to tear down its copy of this process: it is waited for
    at the next run, or here if it has ended, rather than on the way (a zombie holds no memory)."""
    if exiting is not None:
        _EXITING.append(exiting)
    for pid in list(_EXITING):
        try:
            ended = os.waitpid(pid, os.WNOHANG)[0]
        except ChildProcessError:
            ended = pid
        if ended:
            _EXITING.remove(pid)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class DeadlinePassed(Exception):
    """The build's time ran out while this process was working (see :func:`deadline`)."""

    def __init__(self, seconds: "float | str"):
        # reportlab's annotateException re-raises an exception as ``type(message)``, the old
        # value's text last: recover the limit from it, or say none rather than fail here.
        super().__init__(seconds)
        if isinstance(seconds, str):
            tail = seconds.rsplit(None, 1)[-1] if seconds.strip() else ""
            try:
                seconds = float(tail)
            except ValueError:
                seconds = None
        self.seconds: "float | None" = seconds


OVER_BUDGET = (DeadlinePassed, MemoryError)


def memory_problem(file: str):
    """The diagnostic for a build that ran out of memory outside any stage that could say where."""
    from .errors import error

    return error(file, 1, "the build needed more memory than its limit; an answer may hold an enormous table or "
                          "list: shorten it (or raise the limit with --max-memory)", "budget")


def over_budget(exc: BaseException, file: str, line: int, doing: str):
    """The diagnostic for a build that ran out of time or memory while ``doing`` file:line."""
    from .errors import error

    if isinstance(exc, DeadlinePassed):
        what = ("took longer than its time limit" if exc.seconds is None
                else f"took more than {exc.seconds:g} s, its time limit,")
        raise_it = "--max-seconds"
    else:
        what, raise_it = "needed more memory than its limit", "--max-memory"
    return error(file, line, f"the build {what} while {doing}; simplify it (or raise the limit with {raise_it})",
                 "budget")


@dataclass(frozen=True)
class Budget:
    """What one build may take: defaults no real submission comes near, so reaching one means
    something grew without bound (a loop in a template, a page break repeated, a hostile file)."""

    seconds: float = 25.0            # the whole build, wall time
    memory: int = 768 * 2**20        # bytes the build may allocate beyond what the process holds
    pages: int = 1000
    answer: int = 2_000_000          # characters of one answer after templating (as of a source file)
    answers: int = 20_000_000        # characters of all answers, as sources and after templating
    templates: Limits = Limits()     # templates, in a child process


class deadline:
    """``with deadline(seconds):`` raises DeadlinePassed in the main thread when the time is up,
    wherever the work is (in markdown-it, reportlab or this package's own code). Outside the
    main thread, or where there is no SIGALRM, it bounds nothing and costs nothing."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.active = False
        self.ends = time.monotonic() + seconds

    def __enter__(self):
        if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGALRM, self._expire)
            signal.setitimer(signal.ITIMER_REAL, max(self.seconds, 0.001))
            self.active = True
        return self

    def left(self) -> float:
        return self.ends - time.monotonic()

    def _expire(self, signum, frame):
        raise DeadlinePassed(self.seconds)

    def __exit__(self, *exc):
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        return False


class memory_cap:
    """``with memory_cap(bytes):`` the process may allocate at most that much beyond what it
    holds now (Linux address space; elsewhere nothing); a breach raises MemoryError where it
    happens. Only the soft limit is lowered, and it is restored on exit."""

    def __init__(self, extra: int):
        self.extra = extra
        self.previous = None

    def __enter__(self):
        size = _virtual_size()
        if size:
            import resource

            self.previous = resource.getrlimit(resource.RLIMIT_AS)
            hard = self.previous[1]
            soft = size + self.extra if hard == resource.RLIM_INFINITY else min(size + self.extra, hard)
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        return self

    def __exit__(self, *exc):
        if self.previous is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, self.previous)
        return False
