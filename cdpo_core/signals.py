"""Ctrl-C as a stop request, also in a process that was started with it ignored."""

from __future__ import annotations

import signal
import threading


def take_back_sigint() -> None:
    """Restore Python's Ctrl-C handler where SIGINT arrived ignored.

    A shell without job control (`cmd &` in a script, `nohup`, a CI runner) starts background
    children with SIGINT ignored; Python then never raises KeyboardInterrupt, and neither the
    console's cancel (SIGINT to the stage's group) nor Ray's task cancel (`interrupt_main`,
    which does nothing for an ignored signal) would stop anything. A handler someone set on
    purpose stays, and off the main thread no handler can be set.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
