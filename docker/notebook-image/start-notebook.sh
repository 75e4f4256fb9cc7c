#!/bin/bash
# Starts JupyterLab over the data folder with a token that is new at every start: written to
# /data/.stack/notebook-token (0600, atomically) for the app, read there by
# jupyter_server_config.py, and never printed nor passed on a command line.
set -euo pipefail
# A uid without a passwd entry (the app's user) gets one: Hadoop's login refuses a nameless
# user, and not every Spark image's entrypoint does this in pass-through mode.
if ! getent passwd "$(id -u)" >/dev/null 2>&1; then
  for wrapper in /usr/lib/*/libnss_wrapper.so /usr/lib/libnss_wrapper.so; do
    if [ -s "$wrapper" ]; then
      NSS_WRAPPER_PASSWD=$(mktemp)
      NSS_WRAPPER_GROUP=$(mktemp)
      export LD_PRELOAD="$wrapper" NSS_WRAPPER_PASSWD NSS_WRAPPER_GROUP
      echo "spark:x:$(id -u):$(id -g):anonymous uid:${SPARK_HOME:-/opt/spark}:/bin/false" >"$NSS_WRAPPER_PASSWD"
      echo "spark:x:$(id -g):" >"$NSS_WRAPPER_GROUP"
      break
    fi
  done
fi
stack=/data/.stack
umask 077
# A data folder Docker has just made belongs to root until `--profile all`'s data-init hands it
# over: wait for that a while rather than fail.
for _ in $(seq 1 60); do
  mkdir -p "$stack" 2>/dev/null && break
  sleep 1
done
mkdir -p "$stack" || { echo "notebook: cannot write $stack: the data folder must belong to uid $(id -u)" >&2; exit 1; }
temp="$stack/.notebook-token.$$"
python3 -c 'import secrets; print(secrets.token_hex(24), end="")' >"$temp"
mv -f "$temp" "$stack/notebook-token"
umask 022
exec jupyter lab
