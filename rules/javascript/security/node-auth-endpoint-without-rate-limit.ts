import express, { Request, Response, Router } from 'express';
import rateLimit from 'express-rate-limit';

export const accountRouter: Router = express.Router();

// ruleid: node-auth-endpoint-without-rate-limit
accountRouter.post('/sign-in', async (req: Request, res: Response): Promise<void> => {
  res.json(await signIn(req.body));
});

export const securedRouter: Router = express.Router();
securedRouter.use(rateLimit({ windowMs: 60_000, limit: 20 }));

// ok: node-auth-endpoint-without-rate-limit
securedRouter.post('/login', async (req: Request, res: Response): Promise<void> => {
  res.json(await signIn(req.body));
});

// ok: node-auth-endpoint-without-rate-limit
securedRouter.post('/refresh', (req: Request, res: Response) => res.json(refresh(req.body)));
