import { Request, Response } from 'express';
import session from 'express-session';
import express from 'express';

const app = express();

export function login(req: Request, res: Response): void {
  // ruleid: node-insecure-cookie
  res.cookie('token', String(req.body.token), { secure: true, sameSite: 'lax' });
  res.end();
}

export function loginSafe(req: Request, res: Response): void {
  // ok: node-insecure-cookie
  res.cookie('token', String(req.body.token), { httpOnly: true, secure: true, sameSite: 'lax' as const });
  res.end();
}

// ruleid: node-insecure-cookie-session
app.use(session({ secret: process.env.SESSION_SECRET as string, resave: false }));

// ok: node-insecure-cookie-session
app.use(session({ secret: process.env.SESSION_SECRET as string, cookie: { secure: true, httpOnly: true } }));
