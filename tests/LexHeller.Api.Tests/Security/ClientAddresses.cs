namespace LexHeller.Api.Tests.Security;

/// <summary>Clients that come from a given address: the in-memory server has none of its own (every test client is "unknown").</summary>
public static class ClientAddresses
{
    /// <summary>A client whose requests arrive from <paramref name="address"/> (a proxy's, or the client's own).</summary>
    public static HttpClient CreateClientFrom(this LexHellerApiFactory factory, string address, string baseAddress = "http://localhost") =>
        new(factory.Server.CreateHandler(context => context.Connection.RemoteIpAddress = IPAddress.Parse(address)))
        {
            BaseAddress = new Uri(baseAddress),
        };
}
