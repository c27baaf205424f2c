const express = require('express');
const jwt = require('jsonwebtoken');

const router = express.Router();
const { JWT_SECRET, REFRESH_SECRET } = process.env;

router.post('/login', async (req, res) => {
  const user = await User.authenticate(req.body.email, req.body.password);
  // ruleid: node-jwt-missing-expiry
  const token = jwt.sign({ sub: user.id, role: user.role }, JWT_SECRET);
  res.json({ token });
});

function issueAsync(user, callback) {
  // ruleid: node-jwt-missing-expiry
  jwt.sign({ sub: user.id }, JWT_SECRET, (err, token) => callback(err, token));
}

function issueWithIssuer(user) {
  // ruleid: node-jwt-missing-expiry
  return jwt.sign({ sub: user.id }, JWT_SECRET, { algorithm: 'HS256', issuer: 'api.example.com' });
}

function issueFromVariable(user) {
  const payload = { id: user.id, email: user.email, isAdmin: user.isAdmin };
  // ruleid: node-jwt-missing-expiry
  return jwt.sign(payload, JWT_SECRET, { algorithm: 'HS256' });
}

function issueWeek(user) {
  // ruleid: node-jwt-missing-expiry-long-lifetime
  return jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: '7d' });
}

function issueDay(user) {
  // ruleid: node-jwt-missing-expiry-long-lifetime
  return jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: 60 * 60 * 24 });
}

function issueTwoHours(user) {
  // ruleid: node-jwt-missing-expiry-long-lifetime
  return jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: '2h', algorithm: 'HS256' });
}

function issueNinety(user) {
  // ruleid: node-jwt-missing-expiry-long-lifetime
  return jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: '90m' });
}

function issueSeconds(user) {
  // ruleid: node-jwt-missing-expiry-long-lifetime
  return jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: 86400 });
}

function issueYear(apiClient) {
  // ruleid: node-jwt-missing-expiry-long-lifetime
  return jwt.sign({ client: apiClient.id }, JWT_SECRET, { expiresIn: '1y' });
}

// --- not findings ---

function issueShort(user) {
  // ok: node-jwt-missing-expiry, node-jwt-missing-expiry-long-lifetime
  return jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: '15m', algorithm: 'HS256' });
}

function issueHour(user) {
  // ok: node-jwt-missing-expiry, node-jwt-missing-expiry-long-lifetime
  return jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: 3600 });
}

function issueExpClaim(user) {
  // ok: node-jwt-missing-expiry
  return jwt.sign({ sub: user.id, exp: Math.floor(Date.now() / 1000) + 15 * 60 }, JWT_SECRET);
}

function issueExpAssigned(user) {
  const claims = { sub: user.id };
  claims.exp = Math.floor(Date.now() / 1000) + 600;
  // ok: node-jwt-missing-expiry
  return jwt.sign(claims, JWT_SECRET);
}

function issueRefreshToken(user) {
  // ok: node-jwt-missing-expiry-long-lifetime
  return jwt.sign({ sub: user.id }, REFRESH_SECRET, { expiresIn: '30d' });
}

function issuePair(user) {
  return {
    // ok: node-jwt-missing-expiry, node-jwt-missing-expiry-long-lifetime
    accessToken: jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: '10m' }),
    // ok: node-jwt-missing-expiry-long-lifetime
    refreshToken: jwt.sign({ sub: user.id, type: 'refresh' }, JWT_SECRET, { expiresIn: '14d' }),
  };
}

const signOptions = { expiresIn: '15m', algorithm: 'HS256' };
function issueShared(user) {
  // ok: node-jwt-missing-expiry
  return jwt.sign({ sub: user.id }, JWT_SECRET, { ...signOptions });
}

function issueConfigured(user, config) {
  // ok: node-jwt-missing-expiry, node-jwt-missing-expiry-long-lifetime
  return jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: config.jwtTtl });
}

module.exports = router;
