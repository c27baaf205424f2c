const express = require('express');
const session = require('express-session');
const cookieParser = require('cookie-parser');
const jwt = require('jsonwebtoken');
const crypto = require('crypto');
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');

const app = express();

// ruleid: node-hardcoded-secret, node-hardcoded-secret-test-fixture
app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: true }));

// ruleid: node-hardcoded-secret, node-hardcoded-secret-test-fixture
const JWT_SECRET = process.env.JWT_SECRET || 'supersecretjwtkey';

// ruleid: node-hardcoded-secret, node-hardcoded-secret-test-fixture
const dbPassword = 'Pa55w0rd!2023';

const config = {
  db: {
    host: 'localhost',
    user: 'app',
    // ruleid: node-hardcoded-secret, node-hardcoded-secret-test-fixture
    password: 'hunter2hunter2',
  },
  // ruleid: node-hardcoded-secret, node-hardcoded-secret-test-fixture
  stripeSecretKey: process.env.STRIPE_SECRET_KEY ?? 'rk_prod_51HxYzQ2eZvKYlo2C',
};

function issueToken(user) {
  // ruleid: node-hardcoded-secret, node-hardcoded-secret-test-fixture
  return jwt.sign({ sub: user.id }, 'my jwt signing secret', { expiresIn: '15m' });
}

// ruleid: node-hardcoded-secret, node-hardcoded-secret-test-fixture
app.use(cookieParser('cookie-signing-secret'));

const opts = {
  jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
  // ruleid: node-hardcoded-secret, node-hardcoded-secret-test-fixture
  secretOrKey: 'passport-jwt-secret',
};

// ruleid: node-hardcoded-secret, node-hardcoded-secret-test-fixture
const { SESSION_SECRET = 'local-session-secret' } = process.env;

function sign(body) {
  // ruleid: node-hardcoded-secret, node-hardcoded-secret-test-fixture
  return crypto.createHmac('sha256', 'webhook_s3cr3t').update(body).digest('hex');
}

const aws = {
  region: 'eu-west-1',
  // ruleid: node-hardcoded-secret, node-hardcoded-secret-test-fixture
  accessKeyId: 'AKIAZ3MSJV4WQSRFEWXN',
};

// ruleid: node-hardcoded-secret, node-hardcoded-secret-test-fixture
const githubToken = 'ghp_R8k2xZp4Lq9Vn3Wm7Ty6Bc1Hd5Jf0Gs2Ka4E';

// --- not findings ---

// ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
const PASSWORD_FIELD = 'password';

// ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
const TOKEN_URL = '/auth/token';

// ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
const jwtSecret = process.env.JWT_SECRET;

// ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

const labels = {
  // ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
  password: 'Password',
  // ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
  passwordHint: 'At least 12 characters',
};

// ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
const tokenType = 'Bearer';

function verify(token) {
  // ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
  return jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] });
}

// ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
const apiKey = '';

// ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
const API_KEY_HEADER = 'x-api-key';

const schema = {
  // ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
  properties: { password: { type: 'string', example: 'correct-horse' } },
};

// ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
const secret = process.env.SECRET || '';

// ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
const refreshTokenCookie = 'refresh_token';

// ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
const accessKeyId = 'AKIAIOSFODNN7EXAMPLE';

/**
 * @swagger
 * components:
 *   examples:
 *     RefreshRequest:
 *       value:
 *         // ok: node-hardcoded-secret, node-hardcoded-secret-test-fixture
 *         refreshToken: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1ZWJhYzUzNDk1NGI1NDEzOTgw.m1U63blB0MLej_WfB7yC2FTMnCz
 */

// ruleid: node-hardcoded-secret, node-hardcoded-secret-test-fixture
const serviceToken = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzZXJ2aWNlLWJvdCJ9.Qm9ndXNTaWduYXR1cmVGb3JUZXN0';

module.exports = { app, config, opts, aws };
