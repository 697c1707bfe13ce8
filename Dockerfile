# The invoker image for sharded runs on Kubernetes (docs/sharding.md):
#   docker build -t <registry>/faas-profiler:<tag> .
# Its programs are on PATH: workload-invoker, workload-analyzer, comparative-analyzer, whisk-local.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Dependencies first (cached while only sources change); `prepare` builds once sources are here.
RUN npm ci --ignore-scripts && npm rebuild
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY types ./types
COPY functions ./functions
COPY monitoring ./monitoring
COPY configs ./configs
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
RUN for p in workload-invoker workload-analyzer comparative-analyzer whisk-local; do \
      ln -s "/app/bin/$p.js" "/usr/local/bin/$p"; \
    done
# Never root in the pod; results go to the mounted volume (--out-dir).
USER node
WORKDIR /home/node
ENTRYPOINT []
CMD ["workload-invoker", "--help"]
