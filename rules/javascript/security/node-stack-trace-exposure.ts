import { NextFunction, Request, Response } from 'express';

export async function getUser(req: Request, res: Response): Promise<void> {
  try {
    res.json(await users.find(req.params.id));
  } catch (error: unknown) {
    // ruleid: node-stack-trace-exposure-typed-catch
    res.status(500).json({ error: String(error) });
  }
}

export function errorHandler(err: Error, req: Request, res: Response, _next: NextFunction): void {
  // ruleid: node-stack-trace-exposure
  res.status(500).send(err.stack);
}

export function safeHandler(err: Error, req: Request, res: Response, _next: NextFunction): void {
  console.error(err);
  // ok: node-stack-trace-exposure
  res.status(500).json({ error: 'Internal Server Error' });
}

export async function listUsers(req: Request, res: Response): Promise<void> {
  try {
    res.json(await users.list());
  } catch (error: unknown) {
    console.error(error);
    // ok: node-stack-trace-exposure-typed-catch
    res.status(500).json({ error: 'Internal Server Error' });
  }
}
