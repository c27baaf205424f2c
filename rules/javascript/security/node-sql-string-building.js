const express = require('express');
const mysql = require('mysql2/promise');
const { Pool } = require('pg');
const knex = require('knex')({ client: 'pg' });
const Database = require('better-sqlite3');
const { Sequelize, QueryTypes } = require('sequelize');

const router = express.Router();
const pool = new Pool();
const db = new Database('app.db');
const sequelize = new Sequelize(process.env.DATABASE_URL);
const USERS_TABLE = 'users';
const COLUMNS = 'id, email, created_at';

router.get('/users/:id', async (req, res) => {
  // ruleid: node-sql-string-building, node-sql-string-building-tainted
  const { rows } = await pool.query(`SELECT * FROM users WHERE id = ${req.params.id}`);
  res.json(rows[0]);
});

router.post('/login', async (req, res) => {
  const connection = await mysql.createConnection(process.env.DATABASE_URL);
  const sql = "SELECT * FROM users WHERE username = '" + req.body.username + "'";
  // ruleid: node-sql-string-building, node-sql-string-building-tainted
  const [rows] = await connection.execute(sql);
  res.json(rows);
});

router.get('/search', async (req, res) => {
  let sql = 'SELECT id, title FROM posts WHERE published = 1';
  if (req.query.tag) {
    sql += ` AND tag = '${req.query.tag}'`;
  }
  // ruleid: node-sql-string-building, node-sql-string-building-tainted
  const { rows } = await pool.query(sql);
  res.json(rows);
});

async function findOrders(customerName) {
  // ruleid: node-sql-string-building
  return knex.raw(`select * from orders where customer = '${customerName}'`);
}

async function activeUsers(sortColumn) {
  // ruleid: node-sql-string-building
  return knex('users').where('active', true).orderByRaw(sortColumn + ' desc');
}

function userByEmail(email) {
  // ruleid: node-sql-string-building
  return db.prepare(`SELECT * FROM users WHERE email = '${email}'`).get();
}

async function report(from, to) {
  // ruleid: node-sql-string-building
  return sequelize.query(`SELECT * FROM invoices WHERE created_at BETWEEN '${from}' AND '${to}'`, {
    type: QueryTypes.SELECT,
  });
}

function legacyLookup(conn, id, callback) {
  // ruleid: node-sql-string-building
  conn.query({ sql: 'SELECT * FROM accounts WHERE id = ' + id, timeout: 4000 }, callback);
}

router.delete('/items/:id', (req, res) => {
  const id = req.params.id;
  // ruleid: node-sql-string-building-tainted
  knex.raw(req.query.filter).then(() => res.sendStatus(204));
});

async function countByStatus(status) {
  // ruleid: node-sql-string-building
  const result = await prisma.$queryRawUnsafe(`SELECT count(*) FROM "Order" WHERE status = '${status}'`);
  return result;
}

// --- not findings ---

router.get('/users/:id/safe', async (req, res) => {
  // ok: node-sql-string-building, node-sql-string-building-tainted
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [req.params.id]);
  res.json(rows[0]);
});

router.post('/login/safe', async (req, res) => {
  const connection = await mysql.createConnection(process.env.DATABASE_URL);
  // ok: node-sql-string-building, node-sql-string-building-tainted
  const [rows] = await connection.execute('SELECT * FROM users WHERE username = ?', [req.body.username]);
  res.json(rows);
});

async function listUsers() {
  // ok: node-sql-string-building
  return pool.query(`SELECT ${COLUMNS} FROM ${USERS_TABLE} ORDER BY created_at DESC`);
}

async function byIds(ids) {
  const placeholders = ids.map(() => '?').join(', ');
  // ok: node-sql-string-building
  return pool.query(`SELECT * FROM users WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
}

async function page(limit) {
  // ok: node-sql-string-building
  return pool.query(`SELECT * FROM posts ORDER BY id LIMIT ${Number(limit)}`);
}

async function tagged(email) {
  // ok: node-sql-string-building
  return pool.query(sql`SELECT * FROM users WHERE email = ${email}`);
}

async function prismaTagged(email) {
  // ok: node-sql-string-building
  return prisma.$queryRaw`SELECT * FROM "User" WHERE email = ${email}`;
}

async function knexBindings(name) {
  // ok: node-sql-string-building
  return knex.raw('select * from users where name = ?', [name]);
}

function cacheKey(userId) {
  // ok: node-sql-string-building
  return cache.get(`user:${userId}:profile`);
}

function graph(client, id) {
  // ok: node-sql-string-building
  return client.query({ query: GET_USER, variables: { id } });
}

function regexUse(pattern, text) {
  // ok: node-sql-string-building
  return new RegExp(pattern).exec(`prefix ${text}`);
}

const staticSql = 'SELECT id FROM migrations';
// ok: node-sql-string-building
db.prepare(staticSql + ' ORDER BY id').all();

router.get('/escaped', (req, res) => {
  // ok: node-sql-string-building, node-sql-string-building-tainted
  pool.query('SELECT * FROM t WHERE name = ' + mysql.escape(req.query.name), (err, rows) => res.json(rows));
});

module.exports = router;
