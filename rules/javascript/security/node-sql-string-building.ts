import { Request, Response, Router } from 'express';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';

interface User {
  id: number;
  email: string;
}

const pool = new Pool();
const router = Router();
const dataSource = new DataSource({ type: 'postgres' });
enum Table {
  Users = 'users',
}

router.get('/users', async (req: Request, res: Response) => {
  const email = req.query.email as string;
  // ruleid: node-sql-string-building, node-sql-string-building-tainted
  const { rows } = await pool.query<User>(`SELECT id, email FROM users WHERE email = '${email}'`);
  res.json(rows);
});

export async function findByName(name: string): Promise<User[]> {
  const users = dataSource.getRepository('User');
  // ruleid: node-sql-string-building
  return users.createQueryBuilder('user').where(`user.name = '${name}'`).getMany();
}

export async function deleteUser(id: string): Promise<void> {
  // ruleid: node-sql-string-building
  await dataSource.query(`DELETE FROM users WHERE id = ${id}`);
}

// ok: node-sql-string-building
export const listAll = (): Promise<unknown> => pool.query(`SELECT * FROM ${Table.Users}`);

export async function findSafe(name: string): Promise<User[]> {
  const users = dataSource.getRepository('User');
  // ok: node-sql-string-building
  return users.createQueryBuilder('user').where('user.name = :name', { name }).getMany();
}

router.get('/users/:id', async (req: Request, res: Response) => {
  // ok: node-sql-string-building, node-sql-string-building-tainted
  const user = await dataSource.query<User[]>('SELECT * FROM users WHERE id = $1', [req.params.id]);
  res.json(user);
});
