# Stand-in for the published apache/spark:3.5.8-scala2.12-java17-python3-ubuntu image, for the
# real-engine test lane where no registry is reachable. Same layout where it matters: Spark
# in /opt/spark, Java 17, python3, the entrypoint at /opt/entrypoint.sh that fakes a passwd
# entry for an arbitrary uid, and a non-root user with uid 185 as the default user. Like the
# official python3 image it has pip, installing system-wide (hence no PEP 668 marker); and it
# carries this machine's CA bundle for pip (PyPI is reachable here only with it), so images
# built on it (the notebook image) build unchanged.
ARG BASE_IMAGE=spark-experiments/debian-base:bookworm
FROM ${BASE_IMAGE}

ARG spark_uid=185
RUN groupadd --system --gid=${spark_uid} spark \
 && useradd --system --uid=${spark_uid} --gid=spark -d /nonexistent spark

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless python3 python3-pip tini procps bash libnss-wrapper \
 && rm -rf /var/lib/apt/lists/* /usr/lib/python3*/EXTERNALLY-MANAGED
COPY host-ca.crt /etc/ssl/certs/spark-experiments-host-ca.crt
ENV PIP_CERT=/etc/ssl/certs/spark-experiments-host-ca.crt

# The pyspark 3.5.8 distribution (jars, bin, sbin and the Python package), installed on the
# host by setup.sh; it is the same Spark as the official image's.
COPY spark-python /opt/spark-python
RUN ln -s /opt/spark-python/pyspark /opt/spark \
 && mkdir -p /opt/spark/work-dir \
 && chown -R spark:spark /opt/spark-python \
 && chmod g+w /opt/spark/work-dir

COPY spark-entrypoint.sh /opt/entrypoint.sh
RUN chmod a+rx /opt/entrypoint.sh

ENV SPARK_HOME=/opt/spark PYTHONPATH=/opt/spark-python
WORKDIR /opt/spark/work-dir
USER spark
ENTRYPOINT ["/opt/entrypoint.sh"]
