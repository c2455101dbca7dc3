"""Argument types shared by the management commands."""

import argparse
import datetime


def iso_date(value: str) -> datetime.date:
    """``--date YYYY-MM-DD``; anything else is a Vietnamese usage error."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"ngày không hợp lệ: {value} (cần YYYY-MM-DD)"
        ) from exc
