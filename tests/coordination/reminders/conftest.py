from tests.coordination.exchanges.conftest import (  # noqa: F401
    fresh,
    h1,
    report_of,
    rounds,
    ward_regulation,
)
