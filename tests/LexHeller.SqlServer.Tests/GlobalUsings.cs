// What almost every file of this project opens; a file names only what else it needs.
global using LexHeller.Testing;
global using LexHeller.Testing.Contracts;
