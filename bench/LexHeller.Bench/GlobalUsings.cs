// What almost every file of this project opens; a file names only what else it needs.
global using System.Diagnostics;
global using System.Globalization;
global using System.Text;
global using System.Text.Json;
global using Microsoft.Data.Sqlite;
