namespace LexHeller.Api.Features.Admin;

/// <summary>
/// Whether the caller is an installation administrator (<see cref="InstallationAdministration"/>): the
/// administration's start page (<c>/admin</c>) then offers the installation's associations and a new one.
/// </summary>
public static class CheckInstallationAdministration
{
    public sealed record Query : IQuery<bool>;

    public sealed class Handler(DbSession session, CallerContext callerContext, IConfiguration configuration) : IQueryHandler<Query, bool>
    {
        public async ValueTask<bool> Handle(Query query, CancellationToken cancellationToken) =>
            await InstallationAdministration.IsAsync(session, configuration, callerContext.Caller, cancellationToken);
    }
}
