import { randomInt } from 'node:crypto';

export class OtpService {
  public generateOtp(): string {
    // ruleid: node-insecure-random-token
    return String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
  }

  public generateOtpSafe(): string {
    // ok: node-insecure-random-token
    return String(randomInt(0, 1_000_000)).padStart(6, '0');
  }

  public pickServer(servers: string[]): string {
    // ok: node-insecure-random-token
    return servers[Math.floor(Math.random() * servers.length)];
  }
}

// ruleid: node-insecure-random-token
export const csrfToken: string = Math.random().toString(36).slice(2);
