import json
import logging
import sys

from coopdec.lib.jsonlog import JsonFormatter


def test_a_log_record_with_its_traceback_is_one_json_line():
    logger = logging.getLogger("coopdec.test")
    try:
        raise ValueError("budget « négatif »")
    except ValueError:
        record = logger.makeRecord(
            "coopdec.test", logging.ERROR, __file__, 1, "import %s failed", ("IATI",), exc_info=sys.exc_info()
        )

    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "coopdec.test"
    assert entry["message"] == "import IATI failed"
    assert "ValueError: budget « négatif »" in entry["exception"]
