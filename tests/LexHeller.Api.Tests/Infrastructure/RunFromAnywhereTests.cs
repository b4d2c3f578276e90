using System.Text.RegularExpressions;
using LexHeller.Api.Composition;
using Microsoft.Extensions.Configuration;

namespace LexHeller.Api.Tests.Infrastructure;

/// <summary>
/// The service finds its own files whatever directory it is started from: <c>dotnet /app/LexHeller.Api.dll</c> run
/// from <c>/</c> serves its pages with their stylesheet (<see cref="ApplicationDirectories"/>).
/// </summary>
public sealed partial class RunFromAnywhereTests
{
    [GeneratedRegex("<link rel=\"stylesheet\" href=\"(/assets/site\\.css\\?v=[^\"]+)\">")]
    private static partial Regex VersionedStylesheet();

    [Fact]
    public async Task Started_from_the_root_directory_the_built_service_serves_a_page_and_its_stylesheet()
    {
        using var scratch = new ScratchDirectory("run-from-root");
        var port = ApiProcess.FreePort();
        var root = Path.GetPathRoot(scratch.Path)!;

        await using var service = ApiProcess.Start(["--urls", $"http://127.0.0.1:{port}"], scratch.PathOf("lexheller.db"), workingDirectory: root);
        Assert.True(await service.WaitForLineAsync(line => line.Contains("Application started", StringComparison.Ordinal), TimeSpan.FromMinutes(1)) is not null,
            string.Join('\n', service.Lines));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var page = await client.GetAsync("/anmalan");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // The version is the file's hash: the layout found the stylesheet in the web root.
        var stylesheet = VersionedStylesheet().Match(html);
        Assert.True(stylesheet.Success, html);

        using var css = await client.GetAsync(stylesheet.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".site-header", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The settings beside the assembly were read from there: the content root is the application's directory, not /.
        Assert.Contains(service.Lines, line => line.Trim() == $"Content root path: {AppContext.BaseDirectory}");
    }

    [Fact]
    public void Anywhere_else_than_its_project_the_content_and_web_roots_are_the_application_s_own_directory()
    {
        using var application = ApplicationWithAssets();
        using var elsewhere = new ScratchDirectory("elsewhere");

        var options = ApplicationDirectories.Options([], NoSettings(), elsewhere.Path, application.Path);

        Assert.Equal(application.Path, options.ContentRootPath);
        Assert.Equal(application.PathOf(ApplicationDirectories.WebRoot), options.WebRootPath);
    }

    [Fact]
    public void Started_in_its_project_directory_as_dotnet_run_does_the_project_directory_is_the_content_root_and_keeps_the_development_database()
    {
        using var application = ApplicationWithAssets();
        using var project = ApplicationWithAssets();
        File.WriteAllText(project.PathOf(ApplicationDirectories.ProjectFile), "<Project />");

        var options = ApplicationDirectories.Options([], NoSettings(), project.Path, application.Path);

        Assert.Equal(project.Path, options.ContentRootPath);
        Assert.Equal(project.PathOf(ApplicationDirectories.WebRoot), options.WebRootPath);
    }

    [Fact]
    public void A_content_root_given_explicitly_is_left_to_the_host_and_the_pages_come_from_the_application_when_it_has_none()
    {
        using var application = ApplicationWithAssets();
        using var data = new ScratchDirectory("data-root");
        using var elsewhere = new ScratchDirectory("elsewhere");
        string[] args = ["--contentRoot", data.Path];

        var options = ApplicationDirectories.Options(args, Settings(args), elsewhere.Path, application.Path);

        Assert.Null(options.ContentRootPath);
        Assert.Equal(application.PathOf(ApplicationDirectories.WebRoot), options.WebRootPath);
    }

    [Fact]
    public void A_web_root_given_explicitly_is_left_to_the_host()
    {
        using var application = ApplicationWithAssets();
        string[] args = ["--webroot", "/srv/assets"];

        var options = ApplicationDirectories.Options(args, Settings(args), application.Path, application.Path);

        Assert.Null(options.WebRootPath);
        Assert.Equal(args, options.Args);
    }

    /// <summary>A directory laid out as the build lays out the application's: the pages' files under Web/wwwroot.</summary>
    private static ScratchDirectory ApplicationWithAssets()
    {
        var directory = new ScratchDirectory("application");
        Directory.CreateDirectory(directory.PathOf(ApplicationDirectories.WebRoot));
        return directory;
    }

    private static IConfiguration NoSettings() => Settings([]);

    private static IConfiguration Settings(string[] args) => new ConfigurationBuilder().AddCommandLine(args).Build();
}
