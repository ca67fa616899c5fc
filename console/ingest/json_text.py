"""JSON from outside (imports, scenarios, calendars), parsed with limits; every fault one line.

Anyone can hand the console such a file. Nested 50 000 deep it overflows the
decoder's recursion; an integer of 5 000 digits is past what Python converts; one
past 64 bits is past what SQLite stores. Each becomes a JsonError saying what is
wrong, and nothing deeper than any real import or scenario reaches the code after.
"""

import json
import math
from typing import Any

MAX_DEPTH = 64               # no scenario or import nests a tenth as deep
MAX_INTEGER = 2**63 - 1      # SQLite's INTEGER


class JsonError(ValueError):
    """JSON that cannot be taken: str() is one line saying what is wrong and where."""


def parse_json(text: str) -> Any:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise JsonError(f"not valid JSON: nested deeper than {MAX_DEPTH} levels") from None
    except ValueError:   # an integer past Python's limit for converting digits
        raise JsonError("not valid JSON: a number has more digits than any real value") from None
    _check_limits(data)
    return data


def _check_limits(data: Any) -> None:
    """Depth and number sizes, without recursion (the nesting is what may be hostile)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise JsonError(f"not valid JSON: nested deeper than {MAX_DEPTH} levels")
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int) and abs(value) > MAX_INTEGER:
            raise JsonError(f"not valid JSON: the number {str(value)[:20]}... is past 64 bits")
        elif isinstance(value, float) and not math.isfinite(value):
            raise JsonError(f"not valid JSON: {value} is not a finite number")
