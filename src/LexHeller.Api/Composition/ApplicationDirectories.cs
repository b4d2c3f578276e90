namespace LexHeller.Api.Composition;

/// <summary>
/// Where the service finds its own files, whatever directory it is started from (<c>dotnet /app/LexHeller.Api.dll</c>
/// from <c>/</c> serves the same pages, styled, as from <c>/app</c>).
/// <list type="bullet">
/// <item>The content root, from which <c>appsettings*.json</c> are read and relative paths in the settings resolve
/// (the default SQLite file <c>App_Data/lexheller.db</c>, the mail pickup directory <c>App_Data/mail</c>): the
/// application's own directory, the one that holds <c>LexHeller.Api.dll</c>. Started from the project's source
/// directory (the directory that holds <c>LexHeller.Api.csproj</c>, where <c>dotnet run</c> and the IDEs start it)
/// it is that directory, so development keeps its database in <c>src/LexHeller.Api/App_Data</c>.</item>
/// <item>The web root, the pages' stylesheet and script (<c>Web/wwwroot/assets</c>): <c>Web/wwwroot</c> under the content
/// root where it is there, else the application's own copy, which the build puts beside the assembly.</item>
/// </list>
/// Either is set explicitly as ASP.NET Core reads it (<c>--contentRoot</c>, <c>--webroot</c>, or <c>ASPNETCORE_CONTENTROOT</c>,
/// <c>ASPNETCORE_WEBROOT</c>, <c>DOTNET_CONTENTROOT</c>), and is then left as given.
/// </summary>
public static class ApplicationDirectories
{
    /// <summary>The pages' files, relative to the content root or to the application's directory.</summary>
    public static readonly string WebRoot = Path.Combine("Web", "wwwroot");

    /// <summary>The file that marks the project's source directory.</summary>
    public const string ProjectFile = "LexHeller.Api.csproj";

    /// <summary>The host's options for <paramref name="args"/> (the configuration arguments, a command's own taken out).</summary>
    public static WebApplicationOptions Options(string[] args)
    {
        // What the host itself reads for the two directories, before it reads anything else.
        var explicitSettings = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build();
        return Options(args, explicitSettings, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
    }

    internal static WebApplicationOptions Options(string[] args, IConfiguration explicitSettings, string workingDirectory, string applicationDirectory)
    {
        var configuredContentRoot = explicitSettings[HostDefaults.ContentRootKey];
        var contentRoot = string.IsNullOrEmpty(configuredContentRoot)
            ? ContentRoot(workingDirectory, applicationDirectory)
            // As the host resolves it: a relative path is taken from the application's directory.
            : Path.GetFullPath(configuredContentRoot, applicationDirectory);
        var webRoot = Path.Combine(contentRoot, WebRoot);
        return new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = string.IsNullOrEmpty(configuredContentRoot) ? contentRoot : null,
            WebRootPath = !string.IsNullOrEmpty(explicitSettings[WebHostDefaults.WebRootKey]) ? null
                : Directory.Exists(webRoot) ? webRoot
                : Path.Combine(applicationDirectory, WebRoot),
        };
    }

    /// <summary>The content root when none is configured: the project's source directory when started there, else the application's.</summary>
    private static string ContentRoot(string workingDirectory, string applicationDirectory) =>
        File.Exists(Path.Combine(workingDirectory, ProjectFile)) ? workingDirectory : applicationDirectory;
}
