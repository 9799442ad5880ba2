# ChatGen bot image: `docker build -t chatgen .`, then `docker run chatgen serve` (or chat, worker, ...).
# Two stages: Maven builds the thin jar and copies its dependency jars beside it (the pom's
# copy-dependencies execution), the runtime stage runs them as ./chatgen does, as a non-root user.
# Linux x86-64 only: libtorch comes from the pytorch-native-cpu linux-x86_64 jar.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# The pom alone first: this layer (every dependency and plugin in ~/.m2) is rebuilt only when the pom changes.
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY src/main src/main
COPY migrations migrations
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system chatgen \
    && useradd --system --gid chatgen --uid 10001 --home-dir /home/chatgen --create-home chatgen \
    && mkdir -p /app/data \
    && chown chatgen:chatgen /app/data
WORKDIR /app
# The repository's layout, so relative paths in bot-config/chatgen.yaml mean what they mean there;
# the jar's manifest names its dependencies as lib/*.jar beside it. MiniLM (ONNX) and libtorch are
# inside those jars: nothing is downloaded at run time.
COPY --from=build /build/target/lib/ target/lib/
COPY --from=build /build/target/chatgen.jar target/chatgen.jar
COPY bot-config/ bot-config/
USER chatgen
# Database (H2), images, attachments and the trained model tokens; a named volume in docker-compose.yml.
VOLUME ["/app/data"]
EXPOSE 8080
# curl is in eclipse-temurin's Ubuntu images. 503 (database gone) or no answer is unhealthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${CHATGEN_HTTP_PORT:-8080}/healthz" > /dev/null || exit 1
# What ./chatgen runs, minus the build: JAVA_OPTS (default -Xmx1g), then the command line.
# exec: java is PID 1 and gets SIGTERM itself, for the graceful stop.
ENTRYPOINT ["sh", "-c", "exec java ${JAVA_OPTS:--Xmx1g} -jar target/chatgen.jar \"$@\"", "chatgen"]
CMD ["serve"]
