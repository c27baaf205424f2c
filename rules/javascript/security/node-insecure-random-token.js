const crypto = require('crypto');
const express = require('express');

const router = express.Router();

function generateResetToken() {
  // ruleid: node-insecure-random-token
  return Math.random().toString(36).slice(2) + Date.now().toString(36);
}

router.post('/otp', async (req, res) => {
  // ruleid: node-insecure-random-token
  const otp = Math.floor(100000 + Math.random() * 900000);
  await sms.send(req.body.phone, `Your code is ${otp}`);
  res.sendStatus(204);
});

const randomPassword = (length = 12) => {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let result = '';
  for (let i = 0; i < length; i++) {
    // ruleid: node-insecure-random-token
    result += chars.charAt(Math.floor(Math.random() * chars.length));
  }
  return result;
};

router.post('/invite', async (req, res) => {
  const invite = {
    email: req.body.email,
    // ruleid: node-insecure-random-token
    inviteCode: Math.random().toString(36).substring(2, 10).toUpperCase(),
  };
  await Invite.create(invite);
  res.status(201).json({ email: invite.email });
});

router.post('/login', (req, res) => {
  // ruleid: node-insecure-random-token
  res.cookie('sid', String(Math.random()).slice(2), { httpOnly: true, secure: true, sameSite: 'lax' });
  res.sendStatus(204);
});

function startVerification(user) {
  // ruleid: node-insecure-random-token
  user.emailVerificationToken = Math.random().toString(16).substr(2);
  return user.save();
}

class ApiKeyService {
  createApiKey() {
    // ruleid: node-insecure-random-token
    return 'ak_' + Math.random().toString(36).slice(2);
  }
}

// ruleid: node-insecure-random-token
const salt = Math.random().toString(36);

// --- not findings ---

function generateResetTokenSafe() {
  // ok: node-insecure-random-token
  return crypto.randomBytes(32).toString('hex');
}

function backoff(attempt) {
  // ok: node-insecure-random-token
  const jitter = Math.random() * 100;
  return 2 ** attempt * 100 + jitter;
}

function shuffle(items) {
  return items
    .map((item) => ({ item, order: Math.random() }))
    .sort((a, b) => a.order - b.order)
    .map(({ item }) => item);
}

function sampled() {
  // ok: node-insecure-random-token
  return Math.random() < 0.1;
}

// ok: node-insecure-random-token
const requestId = crypto.randomUUID();

// ok: node-insecure-random-token
const statusCode = Math.random() > 0.5 ? 200 : 503;

function retryDelayMs() {
  // ok: node-insecure-random-token
  return 500 + Math.floor(Math.random() * 500);
}

// ok: node-insecure-random-token
const tokenExpiresInMs = 60000 + Math.floor(Math.random() * 1000);

module.exports = { router, shuffle, ApiKeyService };
