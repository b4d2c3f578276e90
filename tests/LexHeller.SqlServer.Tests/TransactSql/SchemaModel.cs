namespace LexHeller.SqlServer.Tests.TransactSql;

/// <summary>
/// One engine's schema as the drift check compares it: tables with their columns, primary key,
/// unique constraints, indexes, foreign keys and whether triggers guard them. Names are compared
/// case-insensitively, as both engines do.
/// </summary>
public sealed class SchemaModel
{
    public SortedDictionary<string, TableModel> Tables { get; } = new(StringComparer.OrdinalIgnoreCase);

    public TableModel Table(string name) =>
        Tables.TryGetValue(name, out var table) ? table : throw new InvalidOperationException($"The schema has no table '{name}'.");

    public int ColumnCount => Tables.Values.Sum(table => table.Columns.Count);

    public int IndexCount => Tables.Values.Sum(table => table.Indexes.Count);

    public int UniqueConstraintCount => Tables.Values.Sum(table => table.Uniques.Count);

    public int ForeignKeyCount => Tables.Values.Sum(table => table.ForeignKeys.Count);
}

public sealed class TableModel(string name)
{
    public string Name { get; set; } = name;

    /// <summary>In declaration order (ALTER TABLE ADD appends); compared by name, not by position.</summary>
    public List<ColumnModel> Columns { get; } = [];

    public List<string> PrimaryKey { get; set; } = [];

    /// <summary>SQL Server only: the primary key constraint's name, and whether it is the clustered index.</summary>
    public string? PrimaryKeyName { get; set; }

    public bool PrimaryKeyClustered { get; set; }

    /// <summary>
    /// SQL Server only: the key the table's rows are stored in order of (its clustered primary key, unique
    /// constraint or index), or null for a heap (and for every SQLite table, which is stored by rowid).
    /// </summary>
    public IReadOnlyList<string>? ClusteredKey =>
        PrimaryKeyClustered && PrimaryKey.Count > 0 ? PrimaryKey
        : Uniques.FirstOrDefault(unique => unique.Clustered)?.Columns ?? Indexes.FirstOrDefault(index => index.Clustered)?.Columns;

    public bool HasClusteredIndex => ClusteredKey is not null;

    /// <summary>UNIQUE constraints (SQLite keeps them as automatic indexes), by their columns in order.</summary>
    public List<ConstraintModel> Uniques { get; } = [];

    /// <summary>Indexes made by CREATE INDEX, by name.</summary>
    public List<IndexModel> Indexes { get; } = [];

    public List<ForeignKeyModel> ForeignKeys { get; } = [];

    /// <summary>Whether a trigger guards the table (the append-only logs).</summary>
    public bool HasTriggers { get; set; }

    public ColumnModel? Column(string name) =>
        Columns.FirstOrDefault(column => string.Equals(column.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// A column: its declared type upper case without length (TEXT, INTEGER / NVARCHAR, DATETIMEOFFSET;
/// null for a computed column on SQL Server), whether it is generated/computed, and (SQLite only)
/// whether the table checks that it is 0 or 1, which is what a SQL Server BIT holds.
/// </summary>
public sealed record ColumnModel(string Name, string? Type, bool Nullable, bool Computed, bool HasBooleanCheck = false);

/// <summary>
/// A UNIQUE constraint by its columns in order, its name where it has one (SQL Server, for DROP CONSTRAINT), and
/// (SQL Server only) whether it is the table's clustered index.
/// </summary>
public sealed record ConstraintModel(string? Name, IReadOnlyList<string> Columns, bool Clustered = false)
{
    public string Key => string.Join(", ", Columns).ToLowerInvariant();
}

/// <summary>
/// An index made by CREATE INDEX: key columns in order, SQL Server's INCLUDE columns (SQLite has
/// none: it puts them at the end of the key), the WHERE of a filtered (partial) index as written, and (SQL
/// Server only) whether it is the table's clustered index, the order its rows are stored in.
/// </summary>
public sealed record IndexModel(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> Included, bool Unique, string? Filter, bool Clustered = false);

/// <summary>A foreign key; <c>OnDelete</c> is NO ACTION, CASCADE, SET NULL or SET DEFAULT.</summary>
public sealed record ForeignKeyModel(string? Name, IReadOnlyList<string> Columns, string ReferencedTable, IReadOnlyList<string> ReferencedColumns, string OnDelete)
{
    public string Key =>
        $"({string.Join(", ", Columns)}) REFERENCES {ReferencedTable} ({string.Join(", ", ReferencedColumns)}) ON DELETE {OnDelete}".ToLowerInvariant();
}
