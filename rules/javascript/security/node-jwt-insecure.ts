import { NextFunction, Request, Response } from 'express';
import jwt, { JwtPayload } from 'jsonwebtoken';

export function authenticate(req: Request, res: Response, next: NextFunction): void {
  const token = req.header('authorization')?.slice(7) ?? '';
  // ruleid: node-jwt-insecure
  const claims = jwt.verify(token, process.env.JWT_SECRET as string) as JwtPayload;
  res.locals.user = claims;
  next();
}

export function requireRole(req: Request, res: Response, next: NextFunction): void {
  // ruleid: node-jwt-insecure-decode
  const claims = jwt.decode(req.cookies.token) as JwtPayload | null;
  if (claims?.role === 'admin') {
    next();
    return;
  }
  res.sendStatus(403);
}

export function authenticateSafe(req: Request, res: Response, next: NextFunction): void {
  const token = req.header('authorization')?.slice(7) ?? '';
  // ok: node-jwt-insecure
  res.locals.user = jwt.verify(token, process.env.JWT_SECRET as string, { algorithms: ['HS256'] });
  next();
}
