# Liên Thông: one image for the API and the worker (docs/operations.md).
#   docker build -t lien-thong .
#   docker run … lien-thong                                   # the API (dist/apps/api/src/main.js)
#   docker run … lien-thong node dist/apps/worker/src/main.js # a worker (--role to split its work)
# The console is part of the API (static files under /console). PostgreSQL and Temporal are not in it:
# see deploy/compose.yaml for a whole system, or point DATABASE_URL and TEMPORAL_ADDRESS at clusters.

# Node 20 as package.json's engines; npm 11 as the lockfile's install scripts expect (allowScripts).
ARG NODE_IMAGE=node:20-bookworm-slim
ARG NPM_VERSION=11.19.1

FROM ${NODE_IMAGE} AS build
ARG NPM_VERSION
RUN npm install -g npm@${NPM_VERSION}
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# API and worker compiled, the workflow bundle and the console (npm run build → dist/).
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ARG NPM_VERSION
RUN npm install -g npm@${NPM_VERSION}
ENV NODE_ENV=production \
    API_HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Never root; the embedded PostgreSQL and the data directory are for `npm start`, not for this image.
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/apps/api/src/main.js"]
