"""An in-process wake-up for coroutines waiting for news (commits, webhook changes)."""

import asyncio


class Wakeup:
    """A waiter takes the current asyncio.Event before it looks for news; notify() sets it and
    installs a fresh one, so no wake-up is lost between the look and the wait. Lives on one event
    loop: other threads call notify through loop.call_soon_threadsafe."""

    def __init__(self):
        self._changed = asyncio.Event()

    def waiter(self) -> asyncio.Event:
        return self._changed

    def notify(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()


async def wait(event: asyncio.Event, timeout: float | None) -> bool:
    """Whether event was set within timeout seconds (None: no limit). asyncio.timeout, not
    wait_for: Python 3.11's wait_for swallows a cancellation that arrives as the event is set, and
    a task cancelled then (a webhook's deliveries when its lease is lost) would run on."""
    try:
        async with asyncio.timeout(timeout):
            await event.wait()
    except TimeoutError:
        return False
    return True
