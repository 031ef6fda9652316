"""A pool of worker processes kept warm between batches: started once, shut down after a minute without work."""
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import lru_cache


class WarmPool:
    """Two worker processes kept warm between batches (fonts loaded, first render done) and shut down after a
    minute without work, so that a job runner pays the start-up once, not per batch."""

    IDLE_SECONDS = 60

    def __init__(self, initializer: Callable[[], None], preload: tuple[str, ...]):
        self._initializer, self._preload = initializer, preload
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._workers = 0
        self._users = 0
        self._timer: threading.Timer | None = None

    @contextmanager
    def use(self, workers: int):
        with self._lock:
            if self._timer:
                self._timer.cancel()
                self._timer = None
            if self._executor is None or (self._workers != workers and not self._users):
                if self._executor is not None:
                    self._executor.shutdown(wait=False)
                self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(self._preload),
                                                     initializer=self._initializer)
                self._workers = workers
            self._users += 1
            executor = self._executor
        broken = False
        try:
            yield executor
        except BrokenProcessPool:
            broken = True
            raise
        finally:
            with self._lock:
                self._users -= 1
                if broken and self._executor is executor:
                    self._executor = None
                    executor.shutdown(wait=False)
                if not self._users and self._executor is not None:
                    self._timer = threading.Timer(self.IDLE_SECONDS, self.shutdown)
                    self._timer.daemon = True
                    self._timer.start()

    def shutdown(self) -> None:
        with self._lock:
            if self._users:
                return
            if self._timer:
                self._timer.cancel()
                self._timer = None
            if self._executor is not None:
                self._executor.shutdown(wait=True)
                self._executor = None


@lru_cache(maxsize=1)
def _pool_context(preload: tuple[str, ...]):
    """forkserver, not fork: the web process has threads, and a forked copy of a held lock never opens. The
    server imports the preloaded modules once, so every worker starts without paying for the imports (only the
    renderer: the package's views are imported by the app factory, not by the package)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(preload))
    return context
