// What almost every file of this project opens; a file names only what else it needs.
global using LexHeller.Domain.Insight;
global using LexHeller.Domain.Lifecycle;
global using LexHeller.Domain.Reports;
