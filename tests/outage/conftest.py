"""The database behind a proxy this test can cut (tests/outage/tcp_proxy.py).

The test process's own connection is pointed at the proxy, so Django's real PostgreSQL driver
meets a real refused or frozen socket; the shared PostgreSQL server is never touched.
"""

from collections.abc import Iterator

import pytest
from django.db import connection

from .tcp_proxy import TcpProxy


@pytest.fixture
def database_proxy(transactional_db) -> Iterator[TcpProxy]:
    saved = dict(connection.settings_dict)
    proxy = TcpProxy(saved["HOST"] or "127.0.0.1", int(saved["PORT"] or 5432)).start()
    connection.close()
    connection.settings_dict["HOST"] = "127.0.0.1"
    connection.settings_dict["PORT"] = proxy.port
    try:
        yield proxy
    finally:
        proxy.close()
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def cut_database(proxy: TcpProxy) -> None:
    proxy.cut()
    connection.close()
