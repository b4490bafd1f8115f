# The larder image: the larder command and the feature server, on a plain classpath as ./larder
# runs them (Flink's in-process cluster cannot load classes from inside a nested fat jar).
#   docker build -t larder:dev .
#   docker run --rm -p 8080:8080 -p 6566:6566 \
#     -e LARDER_REDIS_URL=redis://HOST:6379 -e LARDER_REGISTRY_URL=jdbc:postgresql://HOST/larder?user=…&password=… larder:dev
# The command is `larder …` (default: serve); JVM options go in JDK_JAVA_OPTIONS.

# JDK 17 with a Maven on the PATH, from which ./mvnw bootstraps the pinned one.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -q -DskipTests -pl cli -am package \
 && scripts/image-classpath cli/target /app

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 larder \
 && useradd --system --uid 10001 --gid larder --create-home --home-dir /home/larder larder
COPY --from=build /app /app
USER 10001:10001
WORKDIR /home/larder
EXPOSE 8080 6566
ENTRYPOINT ["java", "@/app/classpath.args", "dev.larder.cli.LarderCli"]
CMD ["serve"]
