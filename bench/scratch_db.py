"""Scratch PostgreSQL databases for the benchmarks: made fresh, dropped afterwards."""

import os

import psycopg2
from psycopg2 import sql

SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def _admin(statement: str, name: str) -> None:
    conn = psycopg2.connect(f"{SERVER}/postgres")
    conn.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))
    finally:
        conn.close()


def drop(name: str) -> None:
    _admin("DROP DATABASE IF EXISTS {}", name)


def recreate(name: str) -> str:
    """An empty database called `name`; returns its URL."""
    drop(name)
    _admin("CREATE DATABASE {}", name)
    return f"{SERVER}/{name}"
