"""Test target for sql-string-building and sql-string-building-tainted."""

import sqlite3

import aiosqlite
import asyncpg
import pandas as pd
import psycopg2
from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, JsonResponse
from fastapi import APIRouter, Depends, FastAPI, Request
from flask import Flask, jsonify, request
from psycopg2 import sql
from sqlalchemy import select, text
from sqlalchemy.orm import Session
from sqlalchemy.schema import CreateSchema

app = FastAPI()
router = APIRouter(prefix="/api")
flask_app = Flask(__name__)

USER_COLUMNS = "id, name, email, created_at"
ORDER_FIELDS = ("created_at", "name")
BASE_QUERY = "SELECT " + USER_COLUMNS + " FROM users"


# --- pattern variant: query text built from non-constant values -------------


def find_user_sqlite(db_path, username):
    conn = sqlite3.connect(db_path)
    cur = conn.cursor()
    # ruleid: sql-string-building
    cur.execute(f"SELECT * FROM users WHERE username = '{username}'")
    return cur.fetchone()


def search_orders(cursor, customer, status):
    query = "SELECT id, total FROM orders WHERE customer = '" + customer + "'"
    if status:
        query += " AND status = '%s'" % status
    query += " ORDER BY created_at DESC"
    # ruleid: sql-string-building
    cursor.execute(query)
    return cursor.fetchall()


def delete_rows(conn, table, ids):
    cur = conn.cursor()
    # ruleid: sql-string-building
    cur.executemany("DELETE FROM {} WHERE id = ?".format(table), [(i,) for i in ids])


def rename_column(session: Session, new_name):
    # ruleid: sql-string-building
    session.execute(text("UPDATE settings SET value = '%s' WHERE key = 'site_name'" % new_name))
    session.commit()


def purge_tenant(engine, tenant_id):
    with engine.begin() as conn:
        # ruleid: sql-string-building
        conn.exec_driver_sql(f"DROP SCHEMA tenant_{tenant_id} CASCADE")


async def user_by_email(pool: asyncpg.Pool, email):
    async with pool.acquire() as conn:
        # ruleid: sql-string-building
        return await conn.fetchrow(f"SELECT * FROM users WHERE email = '{email}'")


async def count_events(db_file, kind):
    async with aiosqlite.connect(db_file) as db:
        where = f"kind = '{kind}'"
        statement = "SELECT count(*) FROM events WHERE " + where
        # ruleid: sql-string-building
        async with db.execute(statement) as cursor:
            return await cursor.fetchone()


def report_frame(engine, start_date):
    # ruleid: sql-string-building
    return pd.read_sql(f"SELECT * FROM sales WHERE day >= '{start_date}'", engine)


def django_raw(model, name):
    # ruleid: sql-string-building
    return model.objects.raw("SELECT * FROM app_person WHERE last_name = '%s'" % name)


def django_extra(queryset, min_age):
    # ruleid: sql-string-building
    return queryset.extra(where=["age > %s" % min_age])


def django_annotate(queryset, field):
    # ruleid: sql-string-building
    return queryset.annotate(val=RawSQL("SELECT " + field + " FROM app_meta", ()))


def psycopg_template(cur, column):
    # ruleid: sql-string-building
    cur.execute(sql.SQL(f"SELECT {column} FROM items"))


def filter_events(cursor, kinds, since):
    clauses = []
    params = []
    for kind in kinds:
        clauses.append(f"kind = '{kind}'")
    if since:
        clauses.append("created_at >= %s")
        params.append(since)
    where = " OR ".join(clauses)
    # ruleid: sql-string-building
    cursor.execute("SELECT * FROM events WHERE " + where, params)


# --- taint variant: request data reaches the query text --------------------


@app.patch("/profiles/{profile_id}")
async def patch_profile(profile_id: int, request: Request, db: Session = Depends(lambda: None)):
    changes = await request.json()
    columns = ", ".join(changes.keys())
    values = ", ".join(":" + key for key in changes)
    db.execute(
        # ruleid: sql-string-building, sql-string-building-tainted
        text(f"UPDATE profiles SET ({columns}) = ({values}) WHERE id = :id"),
        {**changes, "id": profile_id},
    )


@app.get("/users/search")
def search_users(name: str, db: Session = Depends(lambda: None)):
    stmt = text(
        # ruleid: sql-string-building, sql-string-building-tainted
        f"SELECT id, name FROM users WHERE name LIKE '%{name}%'"
    )
    return db.execute(stmt).all()


@router.get("/items")
async def list_items(request: Request, conn=Depends(lambda: None)):
    sort = request.query_params.get("sort", "id")
    query = "SELECT * FROM items ORDER BY " + sort
    # ruleid: sql-string-building, sql-string-building-tainted
    return await conn.fetch(query)


@flask_app.route("/login", methods=["POST"])
def flask_login():
    username = request.form["username"]
    password = request.form["password"]
    cur = sqlite3.connect("app.db").cursor()
    # ruleid: sql-string-building, sql-string-building-tainted
    cur.execute("SELECT * FROM users WHERE username = '%s' AND password = '%s'" % (username, password))
    return jsonify(ok=cur.fetchone() is not None)


def django_search(request: HttpRequest):
    term = request.GET.get("q", "")
    with connection.cursor() as cursor:
        # ruleid: sql-string-building, sql-string-building-tainted
        cursor.execute("SELECT id FROM blog_post WHERE title LIKE '%%" + term + "%%'")
        return JsonResponse({"ids": [row[0] for row in cursor.fetchall()]})


@flask_app.get("/reports")
def flask_report():
    region = request.args.get("region")
    # ruleid: sql-string-building, sql-string-building-tainted
    frame = pd.read_sql_query("SELECT * FROM sales WHERE region = '{}'".format(region), "sqlite://")
    return frame.to_json()


async def starlette_orders(request):
    status = request.path_params["status"]
    async with aiosqlite.connect("shop.db") as db:
        # ruleid: sql-string-building, sql-string-building-tainted
        return await db.execute_fetchall(f"SELECT * FROM orders WHERE status = '{status}'")


class ReportView:
    def get(self, request):
        year = self.request.GET.get("year", "2024")
        # ruleid: sql-string-building, sql-string-building-tainted
        return RawSQL("SELECT sum(total) FROM app_order WHERE year = " + year, ())


# --- must not flag ------------------------------------------------------------


def parameterized(cursor, username):
    # ok: sql-string-building
    cursor.execute("SELECT * FROM users WHERE username = %s", (username,))
    return cursor.fetchone()


def constant_columns(cursor, user_id):
    # ok: sql-string-building
    cursor.execute(f"SELECT {USER_COLUMNS} FROM users WHERE id = %s", (user_id,))
    # ok: sql-string-building
    cursor.execute(BASE_QUERY + " WHERE id = %s", (user_id,))
    # ok: sql-string-building
    cursor.execute(f"SELECT * FROM users ORDER BY {', '.join(ORDER_FIELDS)}")


def built_from_constants(cursor, only_active):
    query = BASE_QUERY
    query += " WHERE deleted_at IS NULL"
    if only_active:
        query += " AND active = 1"
    # ok: sql-string-building
    cursor.execute(query)


def in_clause(cursor, ids):
    placeholders = ", ".join(["%s"] * len(ids))
    # ok: sql-string-building
    cursor.execute(f"SELECT * FROM users WHERE id IN ({placeholders})", ids)
    # ok: sql-string-building
    cursor.execute(f"SELECT * FROM t WHERE id IN ({','.join('?' for _ in ids)})", ids)


async def asyncpg_in_clause(conn, ids):
    params = ", ".join(f"${i}" for i in range(1, len(ids) + 1))
    # ok: sql-string-building
    return await conn.fetch(f"SELECT * FROM users WHERE id IN ({params})", *ids)


def paging(cursor, page: int, size: int = 50):
    # ok: sql-string-building
    cursor.execute(f"SELECT * FROM logs LIMIT {size} OFFSET {page * size}")


def typed_limit(cursor, limit):
    # ok: sql-string-building
    cursor.execute(f"SELECT * FROM logs LIMIT {int(limit)}")


def sqlalchemy_bound(session: Session, name):
    # ok: sql-string-building
    return session.execute(text("SELECT * FROM users WHERE name = :name"), {"name": name})


def orm_query_builders(session: Session, model, name):
    # ok: sql-string-building
    session.execute(select(model).where(model.name == name))
    # ok: sql-string-building
    return model.objects.filter(name__icontains=name).order_by("-created_at")


def psycopg_composed(cur, column, value):
    query = sql.SQL("SELECT {} FROM items WHERE owner = %s").format(sql.Identifier(column))
    # ok: sql-string-building
    cur.execute(query, (value,))


@app.get("/users/{user_id}")
def get_user(user_id: int, db: Session = Depends(lambda: None)):
    # ok: sql-string-building-tainted
    return db.execute(text("SELECT * FROM users WHERE id = :id"), {"id": user_id}).first()


@flask_app.get("/orders")
def flask_orders():
    customer = request.args["customer"]
    cur = psycopg2.connect("").cursor()
    # ok: sql-string-building, sql-string-building-tainted
    cur.execute("SELECT * FROM orders WHERE customer = %(c)s", {"c": customer})
    return jsonify(cur.fetchall())


@app.get("/by-ids")
def by_ids(ids: list[str], db=Depends(lambda: None)):
    marks = ",".join("?" * len(ids))
    # ok: sql-string-building, sql-string-building-tainted
    return db.execute(f"SELECT * FROM t WHERE id IN ({marks})", ids).fetchall()


@app.get("/users/by-name")
def users_by_name(name: str, db: Session = Depends(lambda: None)):
    # ok: sql-string-building-tainted
    first = db.execute(select(Session).where(Session.name == name)).first()
    statement = select(Session).where(Session.name.ilike(f"%{name}%")).limit(10)
    # ok: sql-string-building, sql-string-building-tainted
    return first, db.execute(statement).all()


def create_tenant_schema(engine, organization):
    schema_name = f"tenant_{organization.slug}"
    with engine.begin() as connection:
        # ok: sql-string-building
        connection.execute(CreateSchema(schema_name, if_not_exists=True))


def backfill_slugs(session: Session, model):
    # ok: sql-string-building
    rows = session.execute(text(f"SELECT id, name FROM {model.__tablename__}")).all()
    for row_id, name in rows:
        session.execute(text(f"UPDATE {model.__tablename__} SET slug = :slug WHERE id = :id"),
                        # ok: sql-string-building
                        {"slug": name.lower(), "id": row_id})


class SearchMixin:
    _similarity_threshold = 0.5

    @classmethod
    def tune(cls, session: Session):
        # ok: sql-string-building
        session.execute(text(f"SET pg_trgm.similarity_threshold = {cls._similarity_threshold}"))


def insert_household(session: Session, group_id, name):
    household = {"id": group_id, "name": name, "slug": name.lower()}
    columns = ", ".join(household.keys())
    placeholders = ", ".join(f":{key}" for key in household)
    statement = f"INSERT INTO households ({columns}) VALUES ({placeholders})"
    # ok: sql-string-building
    session.execute(text(statement), household)


@router.get("/audit")
async def audit(limit: int, offset: int = 0, conn=Depends(lambda: None)):
    # ok: sql-string-building, sql-string-building-tainted
    return await conn.fetch(f"SELECT * FROM audit ORDER BY id LIMIT {limit} OFFSET {offset}")


@flask_app.get("/count")
def flask_count():
    days = int(request.args.get("days", "7"))
    cur = sqlite3.connect("app.db").cursor()
    # ok: sql-string-building-tainted
    cur.execute(f"SELECT count(*) FROM visits WHERE age_days < {days}")
    return jsonify(cur.fetchone())


def django_safe(request: HttpRequest):
    term = request.GET.get("q", "")
    # ok: sql-string-building, sql-string-building-tainted
    rows = list(RawSQL("SELECT id FROM blog_post WHERE title LIKE %s", ("%" + term + "%",)))
    return JsonResponse({"ids": rows})


def graphql_not_sql(schema, user_id):
    # ok: sql-string-building
    return schema.execute(f'{{ user(id: "{user_id}") {{ name }} }}')


def log_message(logger, table):
    # ok: sql-string-building
    logger.info(f"SELECT on {table} finished")
