import { Request, Response } from 'express';
import * as yaml from 'js-yaml';
import { unserialize } from 'node-serialize';
import YAML from 'yaml';

export function restore(req: Request, res: Response): void {
  const state = req.cookies.state as string;
  // ruleid: node-unsafe-deserialization, node-unsafe-deserialization-tainted
  res.json(unserialize(state));
}

export function parse(text: string): unknown {
  // ruleid: node-unsafe-deserialization
  return yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA, filename: 'input.yml' });
}

export function parseSafe(text: string): unknown {
  // ok: node-unsafe-deserialization
  return YAML.parse(text);
}
