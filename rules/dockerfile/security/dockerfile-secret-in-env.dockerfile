FROM node:20-alpine AS build

# ok: dockerfile-secret-in-env
ARG NPM_TOKEN

# ruleid: dockerfile-secret-in-env
ARG API_KEY=3f9a1c2b7d4e8f60

# ruleid: dockerfile-secret-in-env
ENV DB_PASSWORD=supersecret

# ruleid: dockerfile-secret-in-env
ENV NODE_ENV=production PORT=3000 JWT_SECRET="s3cr3t value"

# ruleid: dockerfile-secret-in-env
ENV LEGACY_ADMIN_PASSWORD admin123

# ruleid: dockerfile-secret-in-env
ENV DATABASE_URL=postgres://app:Sup3rS3cret@db:5432/app

# ruleid: dockerfile-secret-in-env
ENV STRIPE_SECRET_KEY=sk_test_51Habc \
    LOG_LEVEL=info

# ruleid: dockerfile-secret-in-env
ARG GITHUB_TOKEN="ghp_R8k2xZp4Lq9Vn3Wm7Ty6Bc1Hd5Jf0Gs2Ka4E"

# ruleid: dockerfile-secret-in-env
ENV SMTP_PASS=mailpass

# ok: dockerfile-secret-in-env
ARG SESSION_SECRET=""

# ok: dockerfile-secret-in-env
ENV SESSION_SECRET=${SESSION_SECRET}

# ok: dockerfile-secret-in-env
ENV API_TOKEN=$API_TOKEN

# ok: dockerfile-secret-in-env
ENV POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password

# ok: dockerfile-secret-in-env
ENV TOKEN_URL=https://auth.example.com/oauth/token

# ok: dockerfile-secret-in-env
ENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D

# ok: dockerfile-secret-in-env
ENV AWS_ACCESS_KEY_ID=AKIAEXAMPLE PASSENGER_APP_ENV=production

# ok: dockerfile-secret-in-env
ENV DATABASE_URL=postgres://app@db:5432/app

# ok: dockerfile-secret-in-env
ENV JWT_SECRET=<set-at-runtime>

# ok: dockerfile-secret-in-env
ARG BYPASS_CACHE=true

RUN --mount=type=secret,id=npm_token \
    NPM_TOKEN="$(cat /run/secrets/npm_token)" npm ci

FROM node:20-alpine
# ok: dockerfile-secret-in-env
ENV SECRET_NAME=prod/app/jwt
