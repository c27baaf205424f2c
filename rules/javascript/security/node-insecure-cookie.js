const express = require('express');
const session = require('express-session');
const cookieSession = require('cookie-session');

const app = express();
const isProduction = process.env.NODE_ENV === 'production';

app.post('/login', async (req, res) => {
  const { accessToken, refreshToken } = await auth.login(req.body);
  // ruleid: node-insecure-cookie
  res.cookie('access_token', accessToken);
  // ruleid: node-insecure-cookie
  res.cookie('refresh_token', refreshToken, { maxAge: 7 * 24 * 3600 * 1000 });
  res.sendStatus(204);
});

app.post('/remember', (req, res) => {
  // ruleid: node-insecure-cookie
  res.cookie('remember_me', req.user.rememberToken, { httpOnly: false, secure: true, sameSite: 'lax' });
  res.end();
});

app.get('/sso/callback', (req, res) => {
  // ruleid: node-insecure-cookie
  res.cookie('session', req.query.ticket, { httpOnly: true, secure: false, sameSite: 'none' });
  res.redirect('/');
});

app.get('/cart', (req, res) => {
  // ruleid: node-insecure-cookie
  res.cookie('cart_id', req.cart.id, { httpOnly: true, sameSite: 'strict' });
  res.json(req.cart);
});

const tokenCookieOptions = { httpOnly: true, secure: true };
function setToken(res, token) {
  // ruleid: node-insecure-cookie
  res.cookie('token', token, tokenCookieOptions);
}

// ruleid: node-insecure-cookie-session
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

app.use(
  // ruleid: node-insecure-cookie-session
  session({
    secret: process.env.SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: false, secure: true },
  }),
);

// ruleid: node-insecure-cookie-session
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { maxAge: 3600000 } }));

// ruleid: node-insecure-cookie-session
app.use(cookieSession({ name: 'session', keys: [process.env.COOKIE_KEY], secure: false }));

// ruleid: node-insecure-cookie-session
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: false, sameSite: 'lax' } }));

// ruleid: node-insecure-cookie-session
app.use(cookieSession({ name: 'sess', keys: [process.env.COOKIE_KEY], httpOnly: false }));

// --- not findings ---

app.post('/login-safe', (req, res) => {
  // ok: node-insecure-cookie
  res.cookie('access_token', req.token, { httpOnly: true, secure: true, sameSite: 'strict', maxAge: 900000 });
  res.end();
});

app.post('/login-env', (req, res) => {
  // ok: node-insecure-cookie
  res.cookie('sid', req.sessionId, { httpOnly: true, secure: isProduction, sameSite: 'lax' });
  res.end();
});

app.get('/form', (req, res) => {
  // ok: node-insecure-cookie
  res.cookie('XSRF-TOKEN', req.csrfToken(), { secure: true, sameSite: 'strict' });
  res.render('form');
});

const baseCookie = { httpOnly: true, secure: true, sameSite: 'lax' };
app.post('/prefs', (req, res) => {
  // ok: node-insecure-cookie
  res.cookie('prefs', JSON.stringify(req.body), { ...baseCookie, maxAge: 86400000 });
  res.end();
});

app.post('/logout', (req, res) => {
  // ok: node-insecure-cookie
  res.clearCookie('access_token');
  res.end();
});

app.use(
  // ok: node-insecure-cookie-session
  session({
    secret: process.env.SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, secure: true, sameSite: 'lax', maxAge: 1800000 },
  }),
);

// ok: node-insecure-cookie-session
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: isProduction } }));

// ok: node-insecure-cookie-session
app.use(cookieSession({ name: 'session', keys: [process.env.COOKIE_KEY], maxAge: 86400000 }));

const jar = new Map();
// ok: node-insecure-cookie
jar.cookie = 'x';

module.exports = app;
