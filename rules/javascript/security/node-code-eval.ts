import { Request, Response } from 'express';
import * as vm from 'node:vm';

export function evaluate(req: Request, res: Response): void {
  const code = req.body.code as string;
  // ruleid: node-code-eval, node-code-eval-tainted
  res.json({ value: eval(code) });
}

const FORMULA: string = 'price * quantity';

export function safe(res: Response): void {
  // ok: node-code-eval
  res.json({ value: vm.runInNewContext(FORMULA, { price: 2, quantity: 3 }) });
}
