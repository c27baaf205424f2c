const express = require('express');
const passport = require('passport');
const rateLimit = require('express-rate-limit');
const { RateLimiterMemory } = require('rate-limiter-flexible');

const app = express();
const router = express.Router();
const authRouter = express.Router();

// ruleid: node-auth-endpoint-without-rate-limit
router.post('/login', async (req, res) => {
  const user = await authenticate(req.body.email, req.body.password);
  res.json({ token: issueToken(user) });
});

// ruleid: node-auth-endpoint-without-rate-limit
router.post('/signup', validate(signupSchema), usersController.create);

// ruleid: node-auth-endpoint-without-rate-limit
app.post('/api/v1/auth/forgot-password', passwordController.forgot);

// ruleid: node-auth-endpoint-without-rate-limit
authRouter.post('/reset-password/:token', passwordController.reset);

// ruleid: node-auth-endpoint-without-rate-limit
app.post('/login', passport.authenticate('local', { failureRedirect: '/login' }), (req, res) => res.redirect('/'));

// ruleid: node-auth-endpoint-without-rate-limit
router.route('/oauth/token').post(tokenController.issue);

// ruleid: node-auth-endpoint-without-rate-limit
app.post('/verify-otp', otpController.verify);

// ruleid: node-auth-endpoint-without-rate-limit
router.put('/users/:id/password', auth.required, usersController.changePassword);

// --- not findings ---

const loginLimiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 10, standardHeaders: 'draft-7' });

// ok: node-auth-endpoint-without-rate-limit
router.post('/login-safe/login', loginLimiter, authController.login);

// ok: node-auth-endpoint-without-rate-limit
app.post('/register', rateLimit({ windowMs: 60 * 60 * 1000, limit: 5 }), usersController.create);

// ok: node-auth-endpoint-without-rate-limit
app.get('/login', (req, res) => res.render('login'));

// ok: node-auth-endpoint-without-rate-limit
router.post('/posts', auth.required, postsController.create);

const opts = { points: 5, duration: 60 };
const limiterFlexible = new RateLimiterMemory(opts);
const rateLimiterMiddleware = (req, res, next) => {
  limiterFlexible.consume(req.ip).then(() => next()).catch(() => res.status(429).send('Too Many Requests'));
};

// ok: node-auth-endpoint-without-rate-limit
app.post('/token', rateLimiterMiddleware, tokenController.issue);

// ok: node-auth-endpoint-without-rate-limit
authRouter.post('/signin', [authLimiter, validate(signinSchema)], authController.signin);

// ok: node-auth-endpoint-without-rate-limit
axios.post('/login', { email, password });

// ok: node-auth-endpoint-without-rate-limit
request(app).post('/login').send({ email: 'a@b.c', password: 'x' });

module.exports = { app, router, authRouter };
