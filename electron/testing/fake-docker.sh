#!/usr/bin/env bash
# A stand-in for the Docker CLI in tests: the real CLI's messages and exit codes for an
# engine that is down, a missing compose plugin, a failing `compose up`, and a healthy stack.
# FAKE_DOCKER_MODE: ready | engine_down | compose_missing | compose_fail | slow_up | hang ; calls go to FAKE_DOCKER_LOG.
# FAKE_DOCKER_MEMTOTAL: the engine's memory in bytes that `docker info --format '{{json .}}'` reports.
mode="${FAKE_DOCKER_MODE:-ready}"
echo "docker $*" >> "${FAKE_DOCKER_LOG:-/dev/null}"
# An engine that never answers (exec: the signal that ends it reaches the sleep itself).
if [ "$mode" = hang ]; then exec sleep 60; fi
daemon_down='Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?'
case "$1" in
  version)
    echo "28.2.2"
    if [ "$mode" = engine_down ]; then echo "$daemon_down" >&2; exit 1; fi
    exit 0 ;;
  info)
    if [ "$mode" = engine_down ]; then echo; echo "$daemon_down" >&2; exit 1; fi
    if [ "$3" = '{{json .}}' ]; then
      echo "{\"ServerVersion\":\"28.2.2\",\"MemTotal\":${FAKE_DOCKER_MEMTOTAL:-8331776000},\"NCPU\":4,\"OperatingSystem\":\"Docker Desktop\"}"; exit 0
    fi
    echo "28.2.2"; exit 0 ;;
  compose)
    if [ "$mode" = compose_missing ]; then echo "docker: unknown command: docker compose" >&2; echo >&2; echo "Run 'docker --help' for more information" >&2; exit 1; fi
    shift
    if [ "$1" = version ]; then echo "Docker Compose version v2.36.2"; exit 0; fi
    # The app must always say which project and file.
    if [ "$1" != -p ] || [ "$2" != spark-experiments ] || [ "$3" != -f ] || [ ! -f "$4" ]; then
      echo "stand-in: expected -p spark-experiments -f <existing file>, got: $*" >&2; exit 2
    fi
    sub="$5"
    case "$sub" in
      up)
        # What the compose file would be given: the sizing and the ports.
        echo "up with WORKER_MEMORY=${SPARK_EXPERIMENTS_WORKER_MEMORY:-} WORKER_LIMIT=${SPARK_EXPERIMENTS_WORKER_LIMIT:-} MASTER_UI_PORT=${SPARK_EXPERIMENTS_MASTER_UI_PORT:-} NOTEBOOK_PORT=${SPARK_EXPERIMENTS_NOTEBOOK_PORT:-}" >> "${FAKE_DOCKER_LOG:-/dev/null}"
        echo " Network spark-experiments_default  Creating"
        if [ "$mode" = compose_fail ]; then
          echo "Error response from daemon: pull access denied for apache/spark, repository does not exist or may require 'docker login'" >&2; exit 1
        fi
        if [ "$mode" = slow_up ]; then sleep 1.5; echo "up finished" >> "${FAKE_DOCKER_LOG:-/dev/null}"; fi
        echo " Container spark-experiments-spark-master-1  Healthy"
        echo " Container spark-experiments-spark-worker-1  Healthy"
        exit 0 ;;
      down) echo " Container spark-experiments-spark-worker-1  Removed"; exit 0 ;;
      ps)
        echo '{"Service":"spark-master","State":"running","Health":"healthy"}'
        echo '{"Service":"spark-worker","State":"running","Health":"healthy"}'
        exit 0 ;;
      exec)
        # `exec -T spark-master pgrep -f <job>`: a pipeline runs while FAKE_PIPELINE_FILE exists.
        if [ "$8" = pgrep ]; then
          if [ -n "$FAKE_PIPELINE_FILE" ] && [ -f "$FAKE_PIPELINE_FILE" ]; then echo 4242; exit 0; fi
          exit 1
        fi
        echo "stand-in: unsupported exec: $*" >&2; exit 2 ;;
      *) echo "stand-in: unsupported compose command $sub" >&2; exit 2 ;;
    esac ;;
  # `ps --filter label=…project… --format {{.Ports}}`: the stack's published ports (FAKE_DOCKER_PORTS).
  ps) echo "${FAKE_DOCKER_PORTS:-}"; exit 0 ;;
  *) echo "docker: unknown command: docker $1" >&2; exit 1 ;;
esac
