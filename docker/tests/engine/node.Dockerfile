# Stand-in for the published node:22-bookworm-slim image, for the real-engine test lane where
# no registry is reachable: Node 22 and npm from the npm registry's packages, a user `node`
# with uid 1000, and the host's CA bundle, which the npm registry needs here.
ARG BASE_IMAGE=spark-experiments/debian-base:bookworm
FROM ${BASE_IMAGE}
RUN groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
COPY node/bin/node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY host-ca.crt /usr/local/share/ca-certificates/host-ca.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/host-ca.crt
CMD ["node"]
