import * as jwt from 'jsonwebtoken';

interface Claims {
  sub: string;
  role: string;
}

export function sign(claims: Claims): string {
  // ruleid: node-jwt-missing-expiry
  return jwt.sign({ sub: claims.sub, role: claims.role }, process.env.JWT_SECRET as string, { algorithm: "HS256" });
}

export function signLong(claims: Claims): string {
  // ruleid: node-jwt-missing-expiry-long-lifetime
  return jwt.sign({ sub: claims.sub }, process.env.JWT_SECRET as string, { expiresIn: '24h' });
}

export function signShort(claims: Claims): string {
  // ok: node-jwt-missing-expiry, node-jwt-missing-expiry-long-lifetime
  return jwt.sign({ sub: claims.sub }, process.env.JWT_SECRET as string, { expiresIn: '1h' });
}
