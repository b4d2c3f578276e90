// What every browser test speaks: Playwright and its web-first assertions, the harness, the site's steps, the shared factory.
global using LexHeller.Api.Demo;
global using LexHeller.Browser.Tests.Infrastructure;
global using LexHeller.Browser.Tests.Support;
global using LexHeller.Testing;
global using Microsoft.Playwright;
global using static Microsoft.Playwright.Assertions;
