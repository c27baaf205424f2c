import { createHash } from 'node:crypto';
import * as argon2 from 'argon2';

export function hashPassword(password: string): string {
  // ruleid: node-weak-password-hash
  return createHash('sha256').update(password).digest('hex');
}

export async function hashPasswordSafe(password: string): Promise<string> {
  // ok: node-weak-password-hash
  return argon2.hash(password);
}

export function cacheKey(userId: string): string {
  // ok: node-weak-password-hash
  return createHash('sha1').update(userId).digest('hex');
}
