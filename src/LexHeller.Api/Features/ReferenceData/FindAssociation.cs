using LexHeller.Api.Features.Receipts;

namespace LexHeller.Api.Features.ReferenceData;

/// <summary>
/// Which association a page belongs to, so that its header names it and its footer links to its own statements:
/// found by what the page shows (an association's code, a report, a referral, a receipt), or, for a page that
/// shows none, the signed-in user's association when they belong to exactly one. It answers an association's code
/// and name only, which the reference data publish to anyone, and pages ask only about what they have already
/// read under their own access rules. No endpoint: the pages ask.
/// </summary>
public static class FindAssociation
{
    /// <summary>By one of the keys (the first given): an association's code, a report's id, a referral's id, a receipt's token (<c>Token</c>).</summary>
    public sealed record Query(string? AssociationCode = null, Guid? ReportId = null, Guid? ReferralId = null, string? Token = null) : IQuery<Response>;

    /// <summary>The caller's association: the one association a signed-in user is a member of, has a role in, acts for a party of or triages for.</summary>
    public sealed record OfCaller : IQuery<Response>;

    public sealed record Association(string Code, string Name);

    /// <param name="Association">Null when nothing is found, or when the caller belongs to no association or to several.</param>
    public sealed record Response(Association? Association);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>, IQueryHandler<OfCaller, Response>
    {
        private const string ByCode = "SELECT code, name FROM associations WHERE code = @Code";

        private const string ByReport = """
            SELECT a.code, a.name FROM reports r JOIN associations a ON a.id = r.association_id WHERE r.id = @ReportId
            """;

        private const string ByReferral = """
            SELECT a.code, a.name
            FROM referrals f JOIN reports r ON r.id = f.report_id JOIN associations a ON a.id = r.association_id
            WHERE f.id = @ReferralId
            """;

        private const string ByReceipt = """
            SELECT a.code, a.name
            FROM receipts rc JOIN reports r ON r.id = rc.report_id JOIN associations a ON a.id = r.association_id
            WHERE rc.token_hash IN (@Canonical, @Legacy)
            """;

        // Every way the data makes a user someone in an association: a membership, a role, a party, a steering group.
        private const string OfUser = """
            SELECT a.code, a.name FROM associations a
            WHERE a.id IN (
                SELECT m.association_id FROM association_members m WHERE m.user_key = @UserKey
                UNION SELECT r.association_id FROM member_roles r WHERE r.user_key = @UserKey
                UNION SELECT p.association_id FROM party_members pm JOIN parties p ON p.id = pm.party_id WHERE pm.user_key = @UserKey
                UNION SELECT g.association_id FROM steering_group_members sm JOIN steering_groups g ON g.id = sm.steering_group_id WHERE sm.user_key = @UserKey)
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var (sql, args) = query switch
            {
                { AssociationCode: { } code } => (ByCode, (object)new { Code = Codes.Canonical(code) }),
                { ReportId: { } reportId } => (ByReport, new { ReportId = reportId }),
                { ReferralId: { } referralId } => (ByReferral, new { ReferralId = referralId }),
                { Token: { } token } when ReceiptTokens.Lookup(token) is { Any: true } lookup => (ByReceipt, lookup),
                _ => (null, null),
            };
            var row = sql is null ? null : await session.QuerySingleOrDefaultAsync<Row>(sql, args, cancellationToken);
            return new Response(row?.ToAssociation());
        }

        public async ValueTask<Response> Handle(OfCaller query, CancellationToken cancellationToken)
        {
            if (callerContext.Caller is not { Kind: CallerKind.User, UserKey: { } userKey })
                return new Response(null);
            var associations = (await session.QueryAsync<Row>(OfUser, new { UserKey = userKey }, cancellationToken)).ToList();
            return new Response(associations is [var only] ? only.ToAssociation() : null);
        }
    }

    private sealed class Row
    {
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";

        public Association ToAssociation() => new(Code, Name);
    }
}
