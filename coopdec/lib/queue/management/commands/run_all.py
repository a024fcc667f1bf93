"""``manage.py run_all``: the development web server and one worker together, both stopped by one Ctrl-C.

So that a newcomer's imports and e-mails really happen with ``make run``. Each child runs in a process group
of its own, so that the signal reaches runserver's reloaded child too, and a child that stops on its own stops
the other.
"""

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the development server and one worker; Ctrl-C (or SIGTERM) stops both."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="Where runserver listens.")

    def handle(self, *args: Any, addrport: str, **options: Any) -> None:
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        children = {
            "web": subprocess.Popen([*manage, "runserver", addrport], start_new_session=True),
            "worker": subprocess.Popen([*manage, "worker"], start_new_session=True),
        }
        asked = []
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, lambda number, frame: asked.append(number))
        try:
            while not asked and all(child.poll() is None for child in children.values()):
                time.sleep(0.2)
        finally:
            for child in children.values():
                if child.poll() is None:
                    os.killpg(child.pid, signal.SIGINT)  # the worker ends its running task first
            for name, child in children.items():
                try:
                    child.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    self.stderr.write(f"{name} did not stop within 60 s: killed")
                    os.killpg(child.pid, signal.SIGKILL)
                    child.wait()
        stopped = [name for name, child in children.items() if child.returncode not in (0, -signal.SIGINT)]
        if not asked and stopped:
            self.stderr.write(f"{', '.join(stopped)} stopped on its own: everything stopped")
            sys.exit(1)
