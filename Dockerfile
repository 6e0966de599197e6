# The connector's container image, run by the platform like any destination image:
#   docker run --rm -i IMAGE spec | check --config /path/config.json | write --config ... --catalog ... < messages
# Build it with bin/build-image, which builds the jar first and passes CONNECTOR_VERSION (what --version prints).
# The image holds a JRE (the base) plus the connector jar and its entrypoint; no build tools, no database binaries.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}

ARG CONNECTOR_VERSION
LABEL io.airbyte.name="heropixel/destination-postgres" \
      io.airbyte.version="${CONNECTOR_VERSION}" \
      org.opencontainers.image.title="Hero Pixel Postgres destination" \
      org.opencontainers.image.version="${CONNECTOR_VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"

# A non-root user to run the connector (useradd on Debian and Ubuntu bases, adduser on Alpine ones); the build
# stops when the version is not given.
RUN if [ -z "${CONNECTOR_VERSION}" ]; then \
        echo "CONNECTOR_VERSION is not set: build the image with bin/build-image." >&2; exit 1; \
    fi \
    && if command -v useradd >/dev/null 2>&1; then \
        groupadd --gid 10001 airbyte \
        && useradd --uid 10001 --gid airbyte --home-dir /airbyte --no-create-home --shell /usr/sbin/nologin airbyte; \
    else \
        addgroup -g 10001 airbyte && adduser -D -H -u 10001 -G airbyte -h /airbyte -s /sbin/nologin airbyte; \
    fi \
    && mkdir -p /airbyte && chown airbyte:airbyte /airbyte

WORKDIR /airbyte
COPY docker/entrypoint.sh /airbyte/entrypoint.sh
COPY target/destination-postgres.jar /airbyte/destination-postgres.jar

ENV AIRBYTE_ENTRYPOINT="/airbyte/entrypoint.sh"
USER airbyte
ENTRYPOINT ["/airbyte/entrypoint.sh"]
