"""The date a build is made for: it decides which news are out and what the year's results count."""
from __future__ import annotations

import os
from datetime import date, datetime, timezone

from ..errors import UsageError


def resolve_build_date(option: date | None = None) -> date:
    """``--build-date``, else ``SOURCE_DATE_EPOCH`` (reproducible builds), else today."""
    if option is not None:
        return option
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
        except (ValueError, OverflowError):
            raise UsageError(f"SOURCE_DATE_EPOCH=«{epoch}» — ожидается число секунд с 1970-01-01") from None
    return date.today()
