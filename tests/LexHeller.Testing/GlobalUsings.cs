// What almost every file of this project opens; a file names only what else it needs.
global using System.Net;
global using System.Net.Http.Json;
global using System.Text.Json.Nodes;
global using LexHeller.Api.Data;
global using LexHeller.Api.Demo;
global using Microsoft.Extensions.DependencyInjection;
