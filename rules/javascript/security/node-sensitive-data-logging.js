const express = require('express');
const winston = require('winston');

const logger = winston.createLogger({ transports: [new winston.transports.Console()] });
const router = express.Router();

router.post('/login', async (req, res) => {
  // ruleid: node-sensitive-data-logging
  logger.info(`login attempt for ${req.body.email} with password ${req.body.password}`);
  const token = await auth.login(req.body);
  // ruleid: node-sensitive-data-logging
  console.log('issued token', token);
  res.json({ token });
});

router.post('/register', async (req, res) => {
  const { email, password } = req.body;
  // ruleid: node-sensitive-data-logging
  logger.debug('register payload', { email, password });
  res.status(201).json(await users.create(email, password));
});

function callPartner(apiKey, payload) {
  // ruleid: node-sensitive-data-logging
  console.debug('calling partner with key ' + apiKey);
  return partner.post('/orders', payload, { headers: { 'x-api-key': apiKey } });
}

router.use((req, res, next) => {
  // ruleid: node-sensitive-data-logging
  req.log.info({ auth: req.headers.authorization }, 'incoming request');
  next();
});

class PaymentService {
  charge(card) {
    // ruleid: node-sensitive-data-logging
    this.logger.warn(`charging card ${card.cardNumber} cvv ${card.cvv}`);
    return gateway.charge(card);
  }
}

function connect(config) {
  // ruleid: node-sensitive-data-logging
  console.error('db connection failed for', config.user, config.password);
}

function rotate(clientSecret) {
  // ruleid: node-sensitive-data-logging
  logger.info('rotated client secret', clientSecret);
}

// --- not findings ---

router.post('/login-safe', async (req, res) => {
  // ok: node-sensitive-data-logging
  logger.info('login attempt', { email: req.body.email });
  // ok: node-sensitive-data-logging
  logger.info('password reset requested');
  res.end();
});

function audit(user, tokenId) {
  // ok: node-sensitive-data-logging
  logger.info(`token ${tokenId} issued for user ${user.id}`);
}

function validate(password) {
  // ok: node-sensitive-data-logging
  console.warn('password too short', password.length);
}

function debugHeaders(req) {
  // ok: node-sensitive-data-logging
  logger.debug('has auth header', !!req.headers.authorization);
}

function masked(token) {
  // ok: node-sensitive-data-logging
  logger.info('using token', maskSecret(token));
}

function tail(apiKey) {
  // ok: node-sensitive-data-logging
  logger.info(`key ending in ${apiKey.slice(-4)}`);
}

function policy(passwordPolicy) {
  // ok: node-sensitive-data-logging
  logger.info('password policy', passwordPolicy);
}

function stored(user) {
  // ok: node-sensitive-data-logging
  res.json({ password: user.password });
}

module.exports = { router, PaymentService, callPartner, connect, rotate };
