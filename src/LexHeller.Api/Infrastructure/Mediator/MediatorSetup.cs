namespace LexHeller.Api.Infrastructure.Mediator;

public static class MediatorSetup
{
    /// <summary>
    /// Source-generated Mediator with scoped handlers (they use the request's <c>DbSession</c>) and the
    /// pipeline logging → telemetry → transient-fault retries → canonical codes → validation → personal-number guard → transaction (commands only).
    /// </summary>
    public static IServiceCollection AddLexHellerMediator(this IServiceCollection services)
    {
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(MediatorSetup)];
            options.PipelineBehaviors =
            [
                typeof(LoggingBehavior<,>),
                typeof(Telemetry.TelemetryBehavior<,>),
                typeof(TransientFaultBehavior<,>),
                typeof(CanonicalCodesBehavior<,>),
                typeof(ValidationBehavior<,>),
                typeof(PersonalNumberBehavior<,>),
                typeof(TransactionBehavior<,>),
            ];
        });
        services.AddValidatorsFromAssemblyContaining(typeof(MediatorSetup), ServiceLifetime.Scoped, includeInternalTypes: true);
        return services;
    }
}
