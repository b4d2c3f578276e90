using LexHeller.Api.Features.Admin;
using LexHeller.Api.Features.Charts;
using LexHeller.Api.Features.Exports;
using LexHeller.Api.Features.FollowUps;
using LexHeller.Api.Features.Patterns;
using LexHeller.Api.Features.Receipts;
using LexHeller.Api.Features.ReferenceData;
using LexHeller.Api.Features.Referrals;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Features.Statistics;
using LexHeller.Api.Features.Triage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace LexHeller.Api.Composition;

public static class LexHellerEndpoints
{
    /// <summary>
    /// The OpenAPI document, the health checks, each resource's routes and the pages. The document lists the
    /// paths in this order: a new resource goes where it should appear.
    /// </summary>
    public static WebApplication MapLexHellerEndpoints(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

        app.MapReports();
        app.MapReceipts();
        app.MapReferenceData();
        app.MapQueues();
        app.MapReportWorkflow();
        app.MapReferrals();
        app.MapAdmin();
        app.MapPatterns();
        app.MapFollowUps();
        app.MapStatistics();
        app.MapExports();
        app.MapCharts();
        app.MapRazorPages();
        return app;
    }
}
