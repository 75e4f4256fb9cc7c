#!/usr/bin/env bash
# A stand-in for the Docker CLI with the stack's notebook container, for checks where Spark
# runs: `ps`/`inspect` find the container (FAKE_NB=running|none, FAKE_NB_HEALTH, FAKE_NB_DATA:
# the folder mounted at /data), `compose exec notebook` runs the checker. Its checker prints
# FAKE_NB_CARD's content, or with FAKE_NB_CHECK=hang starts a "container process" that, like a
# real one, outlives its exec client; `exec notebook pkill` ends it. Calls go to FAKE_DOCKER_LOG.
echo "docker $*" >> "${FAKE_DOCKER_LOG:-/dev/null}"
case "$1" in
  version) echo "28.2.2"; exit 0 ;;
  info)
    if [ "$FAKE_NB_ENGINE" = down ]; then echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1; fi
    echo "28.2.2"; exit 0 ;;
  ps)
    if [ "${FAKE_NB:-running}" = running ]; then echo "nb0123456789"; fi
    exit 0 ;;
  inspect) echo "running|${FAKE_NB_HEALTH:-healthy}|${FAKE_NB_DATA}"; exit 0 ;;
  compose)
    shift
    if [ "$1" = version ]; then echo "Docker Compose version v2.36.2"; exit 0; fi
    if [ "$1" != -p ] || [ "$2" != spark-experiments ] || [ "$3" != -f ] || [ ! -f "$4" ]; then
      echo "stand-in: expected -p spark-experiments -f <existing file>, got: $*" >&2; exit 2
    fi
    if [ "$5" != exec ] || [ "$6" != -T ] || [ "$7" != notebook ]; then
      echo "stand-in: unsupported compose command: $*" >&2; exit 2
    fi
    shift 7
    if [ "$1" = pkill ]; then
      if [ -f "$FAKE_NB_PIDFILE" ]; then kill "$(cat "$FAKE_NB_PIDFILE")" 2>/dev/null; fi
      exit 0
    fi
    if [ "$FAKE_NB_CHECK" = hang ]; then
      sleep 300 >/dev/null 2>&1 &
      echo $! > "$FAKE_NB_PIDFILE"
      wait $!
      exit 0
    fi
    cat "$FAKE_NB_CARD"
    exit 0 ;;
  *) echo "docker: unknown command: docker $1" >&2; exit 1 ;;
esac
