// What almost every file of this project opens; a file names only what else it needs.
global using System.Globalization;
global using System.Text;
global using LexHeller.Domain.Reports;
