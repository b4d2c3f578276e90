namespace LexHeller.Testing;

/// <summary>A test class over its own service and database, with the workflow's users and the reference data at hand.</summary>
public abstract class WorkflowTests : IAsyncLifetime
{
    protected LexHellerApiFactory Factory { get; } = new();

    protected Workflow Workflow { get; private set; } = null!;

    protected ReferenceDataSnapshot ReferenceData { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        Workflow = new Workflow(Factory);
        ReferenceData = await ReferenceDataSnapshot.LoadAsync(Workflow.Anonymous);
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
