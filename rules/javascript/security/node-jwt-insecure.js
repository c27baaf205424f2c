const express = require('express');
const jwt = require('jsonwebtoken');
const { expressjwt } = require('express-jwt');
const fs = require('fs');

const router = express.Router();
const publicKey = fs.readFileSync('keys/public.pem');

function authenticate(req, res, next) {
  const token = (req.headers.authorization || '').replace('Bearer ', '');
  try {
    // ruleid: node-jwt-insecure
    req.user = jwt.verify(token, publicKey);
    next();
  } catch (err) {
    res.sendStatus(401);
  }
}

function authenticateCallback(req, res, next) {
  // ruleid: node-jwt-insecure
  jwt.verify(req.cookies.token, process.env.JWT_SECRET, (err, claims) => {
    if (err) return res.sendStatus(401);
    req.user = claims;
    next();
  });
}

function verifyIssuer(token) {
  // ruleid: node-jwt-insecure
  return jwt.verify(token, process.env.JWT_SECRET, { issuer: 'https://auth.example.com', audience: 'api' });
}

function lenient(token) {
  // ruleid: node-jwt-insecure
  return jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256', 'none'] });
}

function rsa(token) {
  // ruleid: node-jwt-insecure
  return jwt.verify(token, publicKey, { algorithms: ['RS256'] });
}

// ruleid: node-jwt-insecure
router.use(expressjwt({ secret: process.env.JWT_SECRET, credentialsRequired: true }));

function requireAdmin(req, res, next) {
  // ruleid: node-jwt-insecure-decode
  const claims = jwt.decode(req.cookies.token);
  if (!claims || claims.role !== 'admin') return res.sendStatus(403);
  next();
}

function attachUser(req, res, next) {
  const token = req.headers.authorization.split(' ')[1];
  // ruleid: node-jwt-insecure-decode
  req.user = jwt.decode(token);
  next();
}

async function loadUser(req, res, next) {
  // ruleid: node-jwt-insecure-decode
  const decoded = jwt.decode(req.headers['x-access-token']);
  req.currentUser = await User.findById(decoded.id);
  next();
}

const currentAccount = async (req, res, next) => {
  // ruleid: node-jwt-insecure-decode
  const { sub } = jwt.decode(req.cookies.session);
  res.locals.account = await Account.findOne({ id: sub });
  next();
};

function requireStaff(req, res, next) {
  // ruleid: node-jwt-insecure-decode
  const payload = jwt.decode(req.get('Authorization').slice(7));
  if (payload.scope.includes('staff')) return next();
  res.sendStatus(403);
}

function tenant(req, res, next) {
  // ruleid: node-jwt-insecure-decode
  res.locals.tenant = jwt.decode(req.cookies.token).tenantId;
  next();
}

// --- not findings ---

function authenticateSafe(req, res, next) {
  const token = (req.headers.authorization || '').replace('Bearer ', '');
  // ok: node-jwt-insecure
  req.user = jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] });
  next();
}

function callbackSafe(req, res, next) {
  // ok: node-jwt-insecure
  jwt.verify(req.cookies.token, process.env.JWT_SECRET, { algorithms: ['HS256'], maxAge: '15m' }, (err, claims) => {
    if (err) return res.sendStatus(401);
    req.user = claims;
    next();
  });
}

const verifyOptions = { algorithms: ['HS256'], issuer: 'api' };
function shared(token) {
  // ok: node-jwt-insecure
  return jwt.verify(token, process.env.JWT_SECRET, { ...verifyOptions, audience: 'web' });
}

// ok: node-jwt-insecure
router.use(expressjwt({ secret: process.env.JWT_SECRET, algorithms: ['HS256'] }));

async function verifyWithKid(token) {
  // ok: node-jwt-insecure-decode
  const { header } = jwt.decode(token, { complete: true });
  const key = await jwks.getSigningKey(header.kid);
  // ok: node-jwt-insecure
  return jwt.verify(token, key.getPublicKey(), { algorithms: ['HS256'] });
}

function logExpiry(token) {
  // ok: node-jwt-insecure-decode
  const claims = jwt.decode(token);
  logger.info('token expires at %s', new Date(claims.exp * 1000).toISOString());
}

function showClaims(req, res) {
  // ok: node-jwt-insecure-decode
  res.json({ claims: jwt.decode(req.query.token) });
}

module.exports = { router, authenticate };
