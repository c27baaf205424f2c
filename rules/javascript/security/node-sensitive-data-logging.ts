import { Logger } from '@nestjs/common';

export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  public async signIn(email: string, password: string): Promise<string> {
    // ruleid: node-sensitive-data-logging
    this.logger.debug(`signIn(${email}, ${password})`);
    const accessToken: string = await this.issue(email);
    // ok: node-sensitive-data-logging
    this.logger.log(`issued access token for ${email}`);
    return accessToken;
  }

  private async issue(email: string): Promise<string> {
    return email;
  }
}
