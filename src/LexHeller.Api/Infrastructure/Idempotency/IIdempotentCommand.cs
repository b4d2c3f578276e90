namespace LexHeller.Api.Infrastructure.Idempotency;

/// <summary>
/// A command whose write is guarded by an <c>Idempotency-Key</c> (<see cref="IdempotencyStore"/>): run
/// again with the same key, it answers with what the first run stored. Such a command may be repeated
/// even when a fault struck during its commit, whose outcome is unknown.
/// </summary>
public interface IIdempotentCommand
{
    string? IdempotencyKey { get; }
}
