"""One writer of the concurrency test: ``python -m tests.operations.sqlite_writer DATABASE COUNT``.

With the project's settings (config.settings.test, on the SQLite file DATABASE), COUNT transactions each read the
counter, wait a little, then write it plus one — the read-then-write shape of a form save — and print one line:
``done`` or the error's text.
"""

import os
import sys
import time


def main(database: str, count: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()
    from django.db import connection, transaction

    try:
        for _ in range(count):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT value FROM counter")
                (value,) = cursor.fetchone()
                time.sleep(0.002)  # the other writer's turn to start its own transaction
                cursor.execute("UPDATE counter SET value = %s", [value + 1])
                cursor.execute("INSERT INTO line (writer) VALUES (%s)", [os.getpid()])
    except Exception as error:
        print(f"{type(error).__name__}: {error}", flush=True)
        sys.exit(1)
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
