using System.Security.Cryptography;
using LexHeller.Baseline;

// The intake baseline: what the machine does for POST /api/v1/reports without the service's pipeline.
//   dotnet LexHeller.Baseline.dll --db D [--connections 1] [--group-commit N] [--unprepared] --urls http://127.0.0.1:P
// --connections: writer connections used at once (each runs its own transactions; SQLite lets one write at a time).
// --group-commit N: one writer commits up to N waiting reports per transaction, then answers them all.
// --unprepared: each statement is made and parsed afresh for every report, as the service's Dapper calls are.
// Read from the command line only (configuration would also take environment variables of the same name).
string? Argument(string name) => args.SkipWhile(arg => arg != name).Skip(1).FirstOrDefault();
var database = Argument("--db") ?? throw new InvalidOperationException("--db is required");
var connections = int.Parse(Argument("--connections") ?? "1", CultureInfo.InvariantCulture);
var groupCommit = int.Parse(Argument("--group-commit") ?? "0", CultureInfo.InvariantCulture);
var builder = WebApplication.CreateSlimBuilder(args.SkipWhile(arg => arg != "--urls").ToArray());
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var world = World.Read(database);
IReportWriter writer = groupCommit > 0
    ? new GroupCommitWriter(database, world, groupCommit)
    : new PooledWriter(database, world, connections, unprepared: args.Contains("--unprepared"));
var app = builder.Build();
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);

app.MapGet("/health/ready", () => Results.Ok());
app.MapPost("/api/v1/reports", async (HttpContext context) =>
{
    if (!context.Request.Headers.TryGetValue("X-Api-Key", out var key)
        || !world.ApiClients.TryGetValue(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString()))), out var client))
        return Results.Unauthorized();

    using var buffer = new MemoryStream();
    await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
    var body = buffer.ToArray();
    var command = JsonSerializer.Deserialize<SubmitCommand>(body, json);
    if (command?.Validate(world, client) is not { } checkedCommand)
        return Results.BadRequest();

    var idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString();
    var pending = new PendingReport(checkedCommand, client, idempotencyKey.Length > 0 ? idempotencyKey : null,
        Convert.ToHexStringLower(SHA256.HashData(body)));
    var response = await writer.WriteAsync(pending);
    return Results.Created($"/api/v1/reports/{response.Id}", response);
});

app.Run();
