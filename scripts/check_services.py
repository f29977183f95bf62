"""Before the suite: say exactly which service does not answer and how to start it.

Also creates the PostgreSQL database named in DATABASE_URL when the server is up but the database
is missing, so a fresh machine needs no manual step.
"""

import os
import sys
from urllib.parse import urlsplit

import psycopg2
import redis
from psycopg2 import sql

START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
START_REDIS = (
    'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no '
    "--dir /var/lib/redis --logfile /var/log/redis/ci.log"
)


def check_postgres(url: str) -> str | None:
    parts = urlsplit(url)
    database = parts.path.lstrip("/")
    params = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": parts.username or "postgres",
        "password": parts.password or None,
        "connect_timeout": 3,
    }
    try:
        conn = psycopg2.connect(dbname="postgres", **params)
    except psycopg2.OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0]
        where = f"{params['host']}:{params['port']}"
        return (
            f"PostgreSQL at {where} does not answer ({first_line}).\n"
            f"  Start it with: {START_POSTGRES}"
        )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
            print(f"Created PostgreSQL database {database}.")
    conn.close()
    return None


def check_redis(url: str) -> str | None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        return f"Redis at {url} does not answer ({exc}).\n  Start it with: {START_REDIS}"
    return None


def main() -> int:
    problems = [
        problem
        for problem in (
            check_postgres(os.environ["DATABASE_URL"]),
            check_redis(os.environ["REDIS_URL"]),
        )
        if problem
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
