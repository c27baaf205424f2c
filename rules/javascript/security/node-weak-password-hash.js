const crypto = require('crypto');
const md5 = require('md5');
const CryptoJS = require('crypto-js');
const bcrypt = require('bcrypt');

async function register(db, email, password) {
  // ruleid: node-weak-password-hash
  const hash = crypto.createHash('sha256').update(password).digest('hex');
  await db.query('INSERT INTO users (email, password_hash) VALUES ($1, $2)', [email, hash]);
}

function checkLogin(user, req) {
  // ruleid: node-weak-password-hash
  const candidate = crypto.createHash('md5').update(req.body.password).digest('hex');
  return candidate === user.passwordHash;
}

function saltedSha1(salt, plainPassword) {
  // ruleid: node-weak-password-hash
  return crypto.createHash('sha1').update(salt + plainPassword).digest('base64');
}

function legacyHash(newPassword) {
  // ruleid: node-weak-password-hash
  return md5(newPassword);
}

function browserCompatHash(user) {
  // ruleid: node-weak-password-hash
  return CryptoJS.SHA256(user.password).toString(CryptoJS.enc.Hex);
}

function streamingHash(pwd, pepper) {
  const hasher = crypto.createHash('sha512');
  // ruleid: node-weak-password-hash
  hasher.update(`${pepper}:${pwd}`);
  return hasher.digest('hex');
}

UserSchema.pre('save', function hashPassword(next) {
  // ruleid: node-weak-password-hash
  this.password = crypto.createHash('sha3-256').update(this.password, 'utf8').digest('hex');
  next();
});

// --- not findings ---

function etag(body) {
  // ok: node-weak-password-hash
  return crypto.createHash('md5').update(body).digest('hex');
}

function gravatar(email) {
  // ok: node-weak-password-hash
  return `https://www.gravatar.com/avatar/${md5(email.trim().toLowerCase())}`;
}

function storeResetToken(passwordResetToken) {
  // ok: node-weak-password-hash
  return crypto.createHash('sha256').update(passwordResetToken).digest('hex');
}

async function registerSafe(password) {
  // ok: node-weak-password-hash
  return bcrypt.hash(password, 12);
}

function derive(password, salt) {
  // ok: node-weak-password-hash
  return crypto.scryptSync(password, salt, 64);
}

function pbkdf2(password, salt) {
  // ok: node-weak-password-hash
  return crypto.pbkdf2Sync(password, salt, 600000, 32, 'sha256');
}

function checksum(fileBuffer) {
  // ok: node-weak-password-hash
  return crypto.createHash('sha256').update(fileBuffer).digest('hex');
}
