namespace LexHeller.Testing.Contracts;

/// <summary>
/// What the storage contracts driven through the workflow share: a service over the engine the
/// binding gives (<see cref="CreateFactoryAsync"/>), started by the test that needs it, its users, and
/// the reference data.
/// </summary>
public abstract class WorkflowContract : IAsyncDisposable
{
    private LexHellerApiFactory? _factory;

    /// <summary>The service <see cref="StartAsync"/> started.</summary>
    protected LexHellerApiFactory Factory => _factory ?? throw new InvalidOperationException("Call StartAsync first.");

    protected Workflow Workflow { get; private set; } = null!;

    protected ReferenceDataSnapshot ReferenceData { get; private set; } = null!;

    protected abstract ValueTask<LexHellerApiFactory> CreateFactoryAsync();

    /// <summary>Starts the service over the binding's engine, with <paramref name="settings"/> added to its configuration.</summary>
    protected async Task<LexHellerApiFactory> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _factory = (await CreateFactoryAsync()).WithSettings(settings ?? new Dictionary<string, string?>());
        if (services is not null)
            _factory.WithServices(services);
        Workflow = new Workflow(_factory);
        ReferenceData = await ReferenceDataSnapshot.LoadAsync(Workflow.Anonymous);
        return _factory;
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
