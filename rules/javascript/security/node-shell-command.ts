import { exec, spawnSync } from 'node:child_process';
import * as cp from 'node:child_process';
import { Request, Response } from 'express';

export function resize(req: Request, res: Response): void {
  const width = req.query.width as string;
  // ruleid: node-shell-command, node-shell-command-tainted
  exec(`convert in.png -resize ${width} out.png`, () => res.end());
}

export function checkout(branch: string): Buffer {
  // ruleid: node-shell-command
  return cp.execSync(`git checkout ${branch}`);
}

export function safeCheckout(branch: string): void {
  // ok: node-shell-command
  spawnSync('git', ['checkout', branch], { stdio: 'inherit' });
}

export function head(): Buffer {
  // ok: node-shell-command
  return cp.execSync('git rev-parse HEAD');
}
