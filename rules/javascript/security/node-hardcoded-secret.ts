import { Injectable } from '@nestjs/common';
import * as jwt from 'jsonwebtoken';

@Injectable()
export class PaymentsClient {
  // ruleid: node-hardcoded-secret, node-hardcoded-secret-test-fixture
  private readonly apiKey: string = 'live_9f8e7d6c5b4a3f2e1d0c';

  // ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
  private readonly apiKeyHeader: string = 'Authorization';

  constructor(private readonly baseUrl: string) {}
}

// ruleid: node-hardcoded-secret, node-hardcoded-secret-test-fixture
export const JWT_KEY: string = process.env.JWT_KEY || 'change-me-in-prod';

export function decodeSession(token: string): unknown {
  // ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
  return jwt.verify(token, process.env.JWT_KEY as string, { algorithms: ['HS256'] });
}
