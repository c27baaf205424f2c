const express = require('express');
const cookieParser = require('cookie-parser');
const serialize = require('node-serialize');
const yaml = require('js-yaml');
const funcster = require('funcster');
const Cryo = require('cryo');
const fs = require('fs');

const router = express.Router();
router.use(cookieParser());

router.get('/profile', (req, res) => {
  const raw = Buffer.from(req.cookies.profile, 'base64').toString();
  // ruleid: node-unsafe-deserialization, node-unsafe-deserialization-tainted
  const profile = serialize.unserialize(raw);
  res.render('profile', { profile });
});

router.post('/import', (req, res) => {
  // ruleid: node-unsafe-deserialization, node-unsafe-deserialization-tainted
  const doc = yaml.load(req.body.document, { schema: yaml.DEFAULT_FULL_SCHEMA });
  res.json(doc);
});

function loadPipelines(path) {
  const text = fs.readFileSync(path, 'utf8');
  // ruleid: node-unsafe-deserialization
  return yaml.loadAll(text, null, { schema: yaml.DEFAULT_FULL_SCHEMA });
}

function restoreJob(message) {
  // ruleid: node-unsafe-deserialization
  return funcster.deepDeserialize(JSON.parse(message.body));
}

function thaw(snapshot) {
  // ruleid: node-unsafe-deserialization
  return Cryo.parse(snapshot);
}

router.post('/session', (req, res) => {
  // ruleid: node-unsafe-deserialization, node-unsafe-deserialization-tainted
  const session = require('node-serialize').unserialize(req.body.state);
  res.json(session);
});

function readRecipe(source) {
  const jsTypes = require('js-yaml-js-types').all;
  // ruleid: node-unsafe-deserialization
  return yaml.load(source, { schema: yaml.DEFAULT_SCHEMA.extend(jsTypes) });
}

// --- not findings ---

router.get('/profile-json', (req, res) => {
  // ok: node-unsafe-deserialization, node-unsafe-deserialization-tainted
  const profile = JSON.parse(Buffer.from(req.cookies.profile, 'base64').toString());
  res.json(profile);
});

router.post('/import-safe', (req, res) => {
  // ok: node-unsafe-deserialization, node-unsafe-deserialization-tainted
  res.json(yaml.load(req.body.document));
});

function loadConfig(path) {
  // ok: node-unsafe-deserialization
  return yaml.load(fs.readFileSync(path, 'utf8'), { schema: yaml.JSON_SCHEMA });
}

function legacyConfig(text) {
  // ok: node-unsafe-deserialization
  return yaml.safeLoad(text);
}

function save(profile) {
  // ok: node-unsafe-deserialization
  return serialize.serialize(profile);
}

// ok: node-unsafe-deserialization
const FIXTURE = serialize.unserialize('{"name":"demo"}');

function parseQuery(qs, text) {
  // ok: node-unsafe-deserialization
  return qs.parse(text);
}

module.exports = router;
