const express = require('express');
const errorhandler = require('errorhandler');

const app = express();
const router = express.Router();

router.get('/users/:id', async (req, res) => {
  try {
    res.json(await User.findById(req.params.id));
  } catch (err) {
    // ruleid: node-stack-trace-exposure
    res.status(500).json({ error: err.message, stack: err.stack });
  }
});

router.get('/orders', (req, res) => {
  db.query('SELECT * FROM orders WHERE user_id = ?', [req.user.id], (err, rows) => {
    // ruleid: node-stack-trace-exposure
    if (err) return res.status(500).send(err);
    res.json(rows);
  });
});

router.post('/import', (req, res) => {
  importer
    .run(req.body)
    .then((report) => res.json(report))
    // ruleid: node-stack-trace-exposure
    .catch((error) => res.status(400).json({ error }));
});

router.get('/report', async (req, res) => {
  try {
    res.send(await buildReport());
  } catch (e) {
    // ruleid: node-stack-trace-exposure
    res.status(500).send(`Report failed: ${e}`);
  }
});

router.get('/legacy', (req, res) => {
  try {
    res.json(legacy());
  } catch (ex) {
    // ruleid: node-stack-trace-exposure
    res.end(ex.stack);
  }
});

app.use('/api', router);

// ruleid: node-stack-trace-exposure-dev-handler
app.use(errorhandler());

// ruleid: node-stack-trace-exposure-dev-handler
app.set('env', 'development');

// eslint-disable-next-line no-unused-vars
app.use(function onError(err, req, res, next) {
  // ruleid: node-stack-trace-exposure
  res.status(err.status || 500).json({ message: err.message });
});

// eslint-disable-next-line no-unused-vars
const errorHandler = (err, req, res, next) => {
  console.error(err.stack);
  res.status(500);
  // ruleid: node-stack-trace-exposure
  res.render('error-template', { error: err });
};

// --- not findings ---

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  res.locals.error = req.app.get('env') === 'development' ? err : {};
  res.status(err.status || 500);
  // ok: node-stack-trace-exposure
  res.render('error');
});

router.get('/safe/:id', async (req, res) => {
  try {
    res.json(await User.findById(req.params.id));
  } catch (err) {
    logger.error({ err }, 'failed to load user');
    // ok: node-stack-trace-exposure
    res.status(500).json({ error: 'Internal Server Error' });
  }
});

router.post('/validated', async (req, res) => {
  try {
    res.json(await service.create(req.body));
  } catch (err) {
    if (err instanceof ValidationError) {
      // ok: node-stack-trace-exposure
      return res.status(400).json({ error: err.message });
    }
    // ok: node-stack-trace-exposure
    res.status(500).json({ error: 'Internal Server Error', requestId: req.id });
  }
});

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  // ok: node-stack-trace-exposure
  res.status(err.status || 500).json({
    error: err.expose ? err.message : 'Internal Server Error',
  });
});

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  res.locals.message = err.message;
  // ok: node-stack-trace-exposure
  res.status(500).json({ error: 'Internal Server Error', code: err.code });
});

// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  // ok: node-stack-trace-exposure
  res.status(500).json({ error: 'Internal', detail: process.env.NODE_ENV === 'development' ? err.stack : undefined });
});

if (process.env.NODE_ENV === 'development') {
  // ok: node-stack-trace-exposure-dev-handler
  app.use(errorhandler({ log: true }));
}

// ok: node-stack-trace-exposure-dev-handler
app.set('env', process.env.NODE_ENV || 'production');

// ok: node-stack-trace-exposure-dev-handler
app.set('view engine', 'pug');

module.exports = app;
