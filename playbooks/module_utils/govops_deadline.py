# -*- coding: utf-8 -*-
"""A govops module's own deadline on the host; shipped as ``module_utils`` with every govops module.

Ansible's task ``timeout`` ends only the controller's wait: a module hung on the host (a read
of a dead NFS mount) runs on after it, and every later run leaves one more such process there.
So the module ends itself after the same number of seconds: SIGALRM interrupts the blocked
call, and the module fails with a message the controller reads as a timeout (if it still
listens). A wait the kernel does not interrupt (an uninterruptible NFS read) ends with nothing.
Runs on the host: Python 3.6-safe, standard library only.
"""

import contextlib
import signal


@contextlib.contextmanager
def deadline(module, seconds, what):
    """Fail ``module`` (which ends its process) if the block runs longer than ``seconds`` (0: no limit).

    ``what`` names the work in the message.
    """
    if seconds <= 0:
        yield
        return

    def expired(signum, frame):
        module.fail_json(msg="%s timed out on the host after %d s (a read hung there)" % (what, seconds))

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
