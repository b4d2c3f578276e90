# Lex Heller API.
#
#   docker build -t lexheller .
#   docker run -p 8080:8080 -v lexheller-data:/data lexheller           serve; pending migrations run first
#   docker run --rm -v lexheller-data:/data lexheller migrate            apply migrations only, then exit
#
# The entrypoint is `dotnet LexHeller.Api.dll`; the argument `migrate` makes it migrate and exit.
# Probe /health/live (process up) and /health/ready (database reachable, every migration applied):
# the runtime image has no curl, so no HEALTHCHECK is declared here.
#
# SQLite in the /data volume is the default; a host directory mounted there must be writable by the
# image's `app` user (UID 1654, $APP_UID). For SQL Server instead:
#   -e Database__Provider=sqlserver -e ConnectionStrings__LexHeller="Server=…;Database=LexHeller;…"
# Charts (SVG and PNG) need nothing installed in the image: Skia is the build without native
# dependencies and the font travels inside the assembly.
# Data Protection keys (they protect stored idempotent answers) stay in /data/keys; replicas that
# share one database must share that directory, or set DataProtection__KeysDirectory to one they share.

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
    Demo__Seed=false
EXPOSE 8080

COPY --from=build /app/publish .
USER $APP_UID
ENTRYPOINT ["dotnet", "LexHeller.Api.dll"]
