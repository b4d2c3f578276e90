using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace LexHeller.SqlServer.Tests.TransactSql;

/// <summary>
/// The SQL Server schema the migration scripts build, found without a server: each script is parsed
/// with ScriptDom and its DDL applied, in order, to a <see cref="SchemaModel"/>. Data statements
/// (INSERT, UPDATE) leave the schema alone; a statement the model does not know fails loudly, so that
/// a new kind of DDL cannot slip past the drift check.
/// </summary>
public static class SqlServerScriptSchema
{
    public static SchemaModel Build(IEnumerable<(string Name, string Sql)> scripts)
    {
        var model = new SchemaModel();
        foreach (var (name, sql) in scripts)
            Apply(model, name, sql);
        return model;
    }

    public static void Apply(SchemaModel model, string scriptName, string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var script = (TSqlScript)parser.Parse(reader, out var errors);
        if (errors.Count > 0)
            throw new InvalidOperationException($"{scriptName} does not parse: {string.Join("; ", errors.Select(error => $"line {error.Line}: {error.Message}"))}");

        foreach (var statement in script.Batches.SelectMany(batch => batch.Statements))
        {
            try
            {
                Apply(model, statement);
            }
            catch (Exception exception)
            {
                throw new InvalidOperationException($"{scriptName}, line {statement.StartLine}: {exception.Message}", exception);
            }
        }
    }

    private static void Apply(SchemaModel model, TSqlStatement statement)
    {
        switch (statement)
        {
            case CreateTableStatement create:
                var name = create.SchemaObjectName.BaseIdentifier.Value;
                if (model.Tables.ContainsKey(name))
                    throw new InvalidOperationException($"Table {name} is created twice.");
                var table = model.Tables[name] = new TableModel(name);
                AddDefinition(table, create.Definition);
                break;

            case AlterTableAddTableElementStatement add:
                AddDefinition(model.Table(add.SchemaObjectName.BaseIdentifier.Value), add.Definition);
                break;

            case AlterTableDropTableElementStatement drop:
                DropElements(model.Table(drop.SchemaObjectName.BaseIdentifier.Value), drop.AlterTableDropTableElements);
                break;

            case AlterTableAlterColumnStatement alter:
                AlterColumn(model.Table(alter.SchemaObjectName.BaseIdentifier.Value), alter);
                break;

            case CreateIndexStatement index:
                model.Table(index.OnName.BaseIdentifier.Value).Indexes.Add(new IndexModel(
                    index.Name.Value,
                    [.. index.Columns.Select(column => ColumnName(column.Column))],
                    [.. index.IncludeColumns.Select(ColumnName)],
                    index.Unique,
                    index.FilterPredicate is null ? null : Text(index.FilterPredicate),
                    Clustered: index.Clustered == true));
                break;

            case DropIndexStatement dropIndex:
                foreach (var clause in dropIndex.DropIndexClauses.Cast<DropIndexClause>())
                {
                    var indexes = model.Table(clause.Object.BaseIdentifier.Value).Indexes;
                    if (indexes.RemoveAll(index => Same(index.Name, clause.Index.Value)) == 0)
                        throw new InvalidOperationException($"DROP INDEX {clause.Index.Value}: there is no such index.");
                }
                break;

            case DropTableStatement dropTable:
                foreach (var dropped in dropTable.Objects)
                {
                    if (!model.Tables.Remove(dropped.BaseIdentifier.Value) && !dropTable.IsIfExists)
                        throw new InvalidOperationException($"DROP TABLE {dropped.BaseIdentifier.Value}: there is no such table.");
                }
                break;

            case AlterTableRebuildStatement:
                break;   // rewrites the table's rows: the schema stays as it is

            case CreateTriggerStatement trigger:
                model.Table(trigger.TriggerObject.Name.BaseIdentifier.Value).HasTriggers = true;
                break;

            case AlterTriggerStatement trigger:   // 0024: the table keeps a trigger, with other events
                model.Table(trigger.TriggerObject.Name.BaseIdentifier.Value).HasTriggers = true;
                break;

            case ExecuteStatement execute when ProcedureName(execute) is { } procedure && Same(procedure, "sp_rename"):
                Rename(model, execute);
                break;

            case InsertStatement or UpdateStatement or DeleteStatement or MergeStatement or SelectStatement or PredicateSetStatement:
                break;   // data, or a session setting: the schema stays as it is

            case DeclareVariableStatement or ThrowStatement:
                break;   // a check of the data that fails the migration (0018): the schema stays as it is

            case IfStatement condition:
                // What a branch would change is applied as if it ran, so DDL cannot hide in an IF.
                Apply(model, condition.ThenStatement);
                if (condition.ElseStatement is not null)
                    Apply(model, condition.ElseStatement);
                break;

            case BeginEndBlockStatement block:
                foreach (var inner in block.StatementList.Statements)
                    Apply(model, inner);
                break;

            default:
                throw new InvalidOperationException(
                    $"The schema model does not know {statement.GetType().Name}; teach {nameof(SqlServerScriptSchema)} what it changes.");
        }
    }

    private static void AddDefinition(TableModel table, TableDefinition definition)
    {
        var primaryKey = new List<string>();
        UniqueConstraintDefinition? primaryKeyConstraint = null;
        foreach (var column in definition.ColumnDefinitions)
        {
            var columnName = column.ColumnIdentifier.Value;
            if (table.Column(columnName) is not null)
                throw new InvalidOperationException($"Column {table.Name}.{columnName} is added twice.");

            bool? nullable = null;
            foreach (var constraint in column.Constraints)
            {
                switch (constraint)
                {
                    case NullableConstraintDefinition nullability:
                        nullable = nullability.Nullable;
                        break;
                    case UniqueConstraintDefinition { IsPrimaryKey: true } key:
                        primaryKey.Add(columnName);
                        primaryKeyConstraint = key;
                        break;
                    case UniqueConstraintDefinition unique:
                        table.Uniques.Add(new ConstraintModel(unique.ConstraintIdentifier?.Value, [columnName], unique.Clustered == true));
                        break;
                    case ForeignKeyConstraintDefinition foreignKey:
                        table.ForeignKeys.Add(ForeignKey(foreignKey, [columnName]));
                        break;
                }
            }

            var isPrimaryKey = primaryKey.Contains(columnName);
            table.Columns.Add(new ColumnModel(
                columnName,
                column.ComputedColumnExpression is null ? TypeName(column.DataType) : null,
                // SQL Server's default is NULL (ANSI_NULL_DFLT_ON); a key column is NOT NULL.
                column.ComputedColumnExpression is null ? nullable ?? !isPrimaryKey : nullable ?? true,
                Computed: column.ComputedColumnExpression is not null));
        }

        foreach (var constraint in definition.TableConstraints)
        {
            switch (constraint)
            {
                case UniqueConstraintDefinition { IsPrimaryKey: true } key:
                    primaryKey.AddRange(key.Columns.Select(column => ColumnName(column.Column)));
                    primaryKeyConstraint = key;
                    break;
                case UniqueConstraintDefinition unique:
                    table.Uniques.Add(new ConstraintModel(unique.ConstraintIdentifier?.Value, [.. unique.Columns.Select(column => ColumnName(column.Column))],
                        unique.Clustered == true));
                    break;
                case ForeignKeyConstraintDefinition foreignKey:
                    table.ForeignKeys.Add(ForeignKey(foreignKey, [.. foreignKey.Columns.Select(column => column.Value)]));
                    break;
            }
        }

        if (primaryKey.Count > 0)
        {
            if (table.PrimaryKey.Count > 0)
                throw new InvalidOperationException($"Table {table.Name} gets a second primary key.");
            table.PrimaryKey = primaryKey;
            table.PrimaryKeyName = primaryKeyConstraint?.ConstraintIdentifier?.Value;
            // A primary key is clustered unless it says NONCLUSTERED or the table is clustered on something else already.
            table.PrimaryKeyClustered = primaryKeyConstraint?.Clustered ?? !table.HasClusteredIndex;
            // Columns of a primary key declared at table level are NOT NULL whatever they said.
            for (var i = 0; i < table.Columns.Count; i++)
            {
                if (primaryKey.Any(column => Same(column, table.Columns[i].Name)))
                    table.Columns[i] = table.Columns[i] with { Nullable = false };
            }
        }

        foreach (var index in definition.Indexes)
        {
            table.Indexes.Add(new IndexModel(index.Name.Value, [.. index.Columns.Select(column => ColumnName(column.Column))],
                [.. index.IncludeColumns.Select(ColumnName)], index.Unique, index.FilterPredicate is null ? null : Text(index.FilterPredicate)));
        }
    }

    private static void DropElements(TableModel table, IEnumerable<AlterTableDropTableElement> elements)
    {
        // DROP COLUMN a, b: an element without a kind is of the kind before it (the first, a constraint).
        var kind = TableElementType.Constraint;
        foreach (var element in elements)
        {
            var name = element.Name.Value;
            kind = element.TableElementType == TableElementType.NotSpecified ? kind : element.TableElementType;
            switch (kind)
            {
                case TableElementType.Column:
                    if (table.Columns.RemoveAll(column => Same(column.Name, name)) == 0)
                        throw new InvalidOperationException($"DROP COLUMN {table.Name}.{name}: there is no such column.");
                    break;
                case TableElementType.Constraint when table.PrimaryKeyName is not null && Same(table.PrimaryKeyName, name):
                    table.PrimaryKey = [];
                    table.PrimaryKeyName = null;
                    table.PrimaryKeyClustered = false;
                    break;
                case TableElementType.Constraint:
                    var removed = table.Uniques.RemoveAll(unique => Same(unique.Name, name))
                                  + table.ForeignKeys.RemoveAll(foreignKey => Same(foreignKey.Name, name));
                    // Primary keys are named pk_<table> (the model keeps their columns, not their names).
                    if (removed == 0 && Same(name, $"pk_{table.Name}"))
                        table.PrimaryKey = [];
                    // A default or check constraint is not part of the model; dropping one changes nothing here.
                    _ = removed;
                    break;
                case TableElementType.Index:
                    table.Indexes.RemoveAll(index => Same(index.Name, name));
                    break;
                default:
                    throw new InvalidOperationException($"The schema model does not know DROP {element.TableElementType}.");
            }
        }
    }

    private static void AlterColumn(TableModel table, AlterTableAlterColumnStatement alter)
    {
        var name = alter.ColumnIdentifier.Value;
        var index = table.Columns.FindIndex(column => Same(column.Name, name));
        if (index < 0)
            throw new InvalidOperationException($"ALTER COLUMN {table.Name}.{name}: there is no such column.");
        table.Columns[index] = table.Columns[index] with
        {
            Type = TypeName(alter.DataType),
            // ALTER COLUMN without NULL or NOT NULL makes the column nullable.
            Nullable = alter.AlterTableAlterColumnOption switch
            {
                AlterTableAlterColumnOption.NoOptionDefined or AlterTableAlterColumnOption.Null => true,
                AlterTableAlterColumnOption.NotNull => false,
                _ => throw new InvalidOperationException($"The schema model does not know ALTER COLUMN ... {alter.AlterTableAlterColumnOption}."),
            },
        };
    }

    /// <summary><c>EXEC sp_rename 'table.column', 'new', 'COLUMN'</c>, <c>'table.index', 'new', 'INDEX'</c> or <c>'table', 'new'</c>.</summary>
    private static void Rename(SchemaModel model, ExecuteStatement execute)
    {
        var arguments = ((ExecutableProcedureReference)execute.ExecuteSpecification.ExecutableEntity).Parameters
            .Select(parameter => parameter.ParameterValue is StringLiteral literal ? literal.Value : throw new InvalidOperationException("sp_rename with a non-literal argument."))
            .ToList();
        var (from, to, kind) = (arguments[0], arguments[1], arguments.Count > 2 ? arguments[2].ToUpperInvariant() : "OBJECT");
        var parts = from.Replace("[", "").Replace("]", "").Split('.');
        switch (kind)
        {
            case "COLUMN":
                var table = model.Table(parts[^2]);
                var index = table.Columns.FindIndex(column => Same(column.Name, parts[^1]));
                if (index < 0)
                    throw new InvalidOperationException($"sp_rename {from}: there is no such column.");
                table.Columns[index] = table.Columns[index] with { Name = to };
                break;
            case "INDEX":
                var indexes = model.Table(parts[^2]).Indexes;
                var position = indexes.FindIndex(candidate => Same(candidate.Name, parts[^1]));
                if (position < 0)
                    throw new InvalidOperationException($"sp_rename {from}: there is no such index.");
                indexes[position] = indexes[position] with { Name = to };
                break;
            case "OBJECT" when model.Tables.Remove(parts[^1], out var renamed):
                renamed.Name = to;
                model.Tables[to] = renamed;
                break;
            default:
                throw new InvalidOperationException($"The schema model does not know sp_rename {from} ({kind}).");
        }
    }

    private static ForeignKeyModel ForeignKey(ForeignKeyConstraintDefinition definition, IReadOnlyList<string> columns) => new(
        definition.ConstraintIdentifier?.Value,
        columns,
        definition.ReferenceTableName.BaseIdentifier.Value,
        [.. definition.ReferencedTableColumns.Select(column => column.Value)],
        definition.DeleteAction switch
        {
            DeleteUpdateAction.NotSpecified or DeleteUpdateAction.NoAction => "NO ACTION",
            DeleteUpdateAction.Cascade => "CASCADE",
            DeleteUpdateAction.SetNull => "SET NULL",
            DeleteUpdateAction.SetDefault => "SET DEFAULT",
            _ => definition.DeleteAction.ToString().ToUpperInvariant(),
        });

    private static string TypeName(DataTypeReference type) => type switch
    {
        SqlDataTypeReference sql => sql.SqlDataTypeOption.ToString().ToUpperInvariant(),
        _ => type.Name.BaseIdentifier.Value.ToUpperInvariant(),
    };

    private static string ColumnName(ColumnReferenceExpression column) => column.MultiPartIdentifier.Identifiers[^1].Value;

    private static string? ProcedureName(ExecuteStatement execute) =>
        (execute.ExecuteSpecification?.ExecutableEntity as ExecutableProcedureReference)?.ProcedureReference?.ProcedureReference?.Name?.BaseIdentifier?.Value;

    /// <summary>The fragment as it was written.</summary>
    private static string Text(TSqlFragment fragment) =>
        string.Concat(Enumerable.Range(fragment.FirstTokenIndex, fragment.LastTokenIndex - fragment.FirstTokenIndex + 1)
            .Select(i => fragment.ScriptTokenStream[i].Text));

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
