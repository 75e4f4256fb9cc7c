#!/bin/bash
# Pass-through entrypoint of the stand-in Spark image, behaving like the official image's in
# the part the stack relies on: a uid without a passwd entry (a container run as the host
# user) gets one through nss_wrapper, because Hadoop's login fails for a nameless user.
set -eo pipefail
if ! getent passwd "$(id -u)" >/dev/null 2>&1; then
  for wrapper in /usr/lib/*/libnss_wrapper.so /usr/lib/libnss_wrapper.so; do
    if [ -s "$wrapper" ]; then
      NSS_WRAPPER_PASSWD="$(mktemp)"
      NSS_WRAPPER_GROUP="$(mktemp)"
      export LD_PRELOAD="$wrapper" NSS_WRAPPER_PASSWD NSS_WRAPPER_GROUP
      echo "spark:x:$(id -u):$(id -g):anonymous uid:${SPARK_HOME}:/bin/false" >"$NSS_WRAPPER_PASSWD"
      echo "spark:x:$(id -g):" >"$NSS_WRAPPER_GROUP"
      break
    fi
  done
fi
exec "$@"
