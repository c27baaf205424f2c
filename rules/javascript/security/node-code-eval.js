const express = require('express');
const vm = require('vm');
const { VM } = require('vm2');

const router = express.Router();
const DEFAULT_FORMULA = 'price * quantity';

router.post('/contributions', (req, res) => {
  // ruleid: node-code-eval, node-code-eval-tainted
  const preTax = eval(req.body.preTax);
  res.json({ preTax });
});

router.get('/calc', (req, res) => {
  const expression = req.query.expr;
  // ruleid: node-code-eval, node-code-eval-tainted
  const fn = new Function('price', 'quantity', `return ${expression};`);
  res.json({ total: fn(10, 2) });
});

function runPlugin(source, context) {
  // ruleid: node-code-eval
  return vm.runInNewContext(source, context, { timeout: 50 });
}

function compileTemplate(template) {
  // ruleid: node-code-eval
  const script = new vm.Script('`' + template + '`');
  return script;
}

function scheduleCallback(name) {
  // ruleid: node-code-eval
  setTimeout('handlers.' + name + '()', 1000);
}

router.post('/sandbox', (req, res) => {
  const sandbox = new VM({ timeout: 100 });
  // ruleid: node-code-eval, node-code-eval-tainted
  res.json({ value: sandbox.run(req.body.code) });
});

function evaluateRule(rule) {
  // ruleid: node-code-eval
  return Function('"use strict"; return (' + rule.condition + ')')();
}

function loadConfig(text) {
  // ruleid: node-code-eval
  return vm.runInThisContext(`(${text})`);
}

// --- not findings ---

// ok: node-code-eval
const four = eval('2 + 2');

// ok: node-code-eval
const add = new Function('a', 'b', 'return a + b');

function retry(task) {
  // ok: node-code-eval
  setTimeout(() => task(), 500);
}

function later(handler, delay) {
  // ok: node-code-eval
  setTimeout(handler, delay);
}

// ok: node-code-eval
const total = vm.runInNewContext(DEFAULT_FORMULA, { price: 3, quantity: 2 });

router.post('/json', (req, res) => {
  // ok: node-code-eval, node-code-eval-tainted
  const body = JSON.parse(req.body.payload);
  res.json(body);
});

async function luaIncrement(redis, key) {
  // ok: node-code-eval
  return redis.eval('return redis.call("INCR", KEYS[1])', 1, key);
}

router.get('/page', (req, res) => {
  const page = Number(req.query.page);
  // ok: node-code-eval-tainted
  setTimeout(function () { res.json({ page }); }, 10);
});

module.exports = router;
