# Lex Heller API: the image that docker-compose.yml runs (SQL Server, migrations, the service).
#
#   docker compose up -d --wait                                          the production-like run (see README)
#   docker build -t lexheller .
#   docker run --rm -v lexheller-data:/data lexheller migrate            apply migrations, then exit (the deploy step)
#   docker run -p 8080:8080 -v lexheller-data:/data lexheller           serve (refuses to start while a migration is pending)
#
# The image does not migrate as it starts (Database__MigrateOnStart=false): run `migrate` first, with a login that may
# change the schema, then the service with one that only reads and writes rows (docs/security.md). One instance on
# SQLite may migrate itself instead: -e Database__MigrateOnStart=true.
#
# The entrypoint is `dotnet LexHeller.Api.dll`; a first argument is a command: `migrate` migrates (creating a
# missing SQL Server database) and exits, `health` asks the running service's /health/ready and exits 0 (ready)
# or 1. The runtime image has no curl, so the HEALTHCHECK below runs `health`. /health/live answers while the
# process is up; /health/ready once the database is reachable and every migration applied.
#
# Logs are JSON lines on standard output (Logging__Console__FormatterName=json) with the scopes, whose TraceId
# and SpanId tie a line to its trace; set Logging__Console__FormatterName=simple for readable lines. Traces and
# metrics go over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT (or Telemetry__OtlpEndpoint) is set; else nowhere.
#
# SQLite in the /data volume is the default; a host directory mounted there must be writable by the
# image's `app` user (UID 1654, $APP_UID). For SQL Server instead (as docker-compose.yml does):
#   -e Database__Provider=sqlserver -e ConnectionStrings__LexHeller="Server=…;Database=LexHeller;…"
# Charts (SVG and PNG) need nothing installed in the image: Skia is the build without native
# dependencies and the font travels inside the assembly.
# Data Protection keys (they seal reporter contacts and protect stored idempotent answers) stay in /data/keys
# on SQLite; replicas that share one database must share that directory, or set DataProtection__KeysDirectory
# to one they share. On SQL Server, with DataProtection__KeysDirectory empty, they live in the database.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore from the files that decide it, so this layer is reused until a package or project changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/LexHeller.Domain/LexHeller.Domain.csproj src/LexHeller.Domain/
COPY src/LexHeller.Api/LexHeller.Api.csproj src/LexHeller.Api/
RUN dotnet restore src/LexHeller.Api/LexHeller.Api.csproj

# The analyzers' severities live in .editorconfig; the build treats warnings as errors.
COPY .editorconfig ./
COPY src/ src/
# The migrations are embedded into the assembly from db/.
COPY db/ db/
# The build-time OpenAPI step runs the app; the contract is generated and committed by the normal build.
RUN dotnet publish src/LexHeller.Api/LexHeller.Api.csproj -c Release -o /app/publish --no-restore \
    -p:OpenApiGenerateDocuments=false -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app

# The image's non-root `app` user owns the volume that holds the SQLite file and the key ring.
RUN mkdir -p /data && chown "$APP_UID:$APP_UID" /data
VOLUME /data

# ASPNETCORE_HTTP_PORTS is emptied so that Kestrel does not warn that ASPNETCORE_URLS overrides it.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    Database__Provider=sqlite \
    ConnectionStrings__LexHeller="Data Source=/data/lexheller.db" \
    DataProtection__KeysDirectory=/data/keys \
    Database__MigrateOnStart=false \
    Demo__Seed=false \
    Logging__Console__FormatterName=json \
    Logging__Console__FormatterOptions__IncludeScopes=true \
    Logging__Console__FormatterOptions__UseUtcTimestamp=true \
    Logging__Console__FormatterOptions__TimestampFormat="yyyy-MM-ddTHH:mm:ss.fffZ"
EXPOSE 8080

COPY --from=build /app/publish .
USER $APP_UID
# Ready = the database reachable and every migration applied (by the migrate step; a pending one stops the start).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["dotnet", "LexHeller.Api.dll", "health"]
ENTRYPOINT ["dotnet", "LexHeller.Api.dll"]
