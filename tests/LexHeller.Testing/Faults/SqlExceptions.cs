using System.Reflection;
using Microsoft.Data.SqlClient;

namespace LexHeller.Testing.Faults;

/// <summary>
/// Fabricates the <see cref="SqlException"/> SQL Server would throw: it has no public constructor, so
/// the error, its collection and the exception are made through SqlClient's internal factory methods.
/// </summary>
public static class SqlExceptions
{
    private const BindingFlags Internal = BindingFlags.NonPublic | BindingFlags.Instance;

    /// <summary>A <see cref="SqlException"/> whose only error has <paramref name="number"/>.</summary>
    public static SqlException WithNumber(int number) => WithNumbers(number);

    /// <summary>A <see cref="SqlException"/> with an error for each of <paramref name="numbers"/>, the first one's number as its own.</summary>
    public static SqlException WithNumbers(params int[] numbers)
    {
        var errors = (SqlErrorCollection)typeof(SqlErrorCollection).GetConstructor(Internal, Type.EmptyTypes)!.Invoke(null);
        foreach (var number in numbers)
            typeof(SqlErrorCollection).GetMethod("Add", Internal)!.Invoke(errors, [Error(number, $"Fabricated SQL Server error {number}.")]);
        var create = typeof(SqlException).GetMethod("CreateException", BindingFlags.NonPublic | BindingFlags.Static, [typeof(SqlErrorCollection), typeof(string)])
            ?? throw new InvalidOperationException("SqlException.CreateException(SqlErrorCollection, string) is gone from this SqlClient.");
        return (SqlException)create.Invoke(null, [errors, "16.00.0000"])!;
    }

    private static SqlError Error(int number, string message)
    {
        // SqlError(int infoNumber, byte errorState, byte errorClass, string server, string errorMessage, string procedure,
        // int lineNumber, [uint win32ErrorCode,] [Exception exception]): the longest constructor, its values by type.
        var constructor = typeof(SqlError).GetConstructors(Internal)
            .Where(candidate => candidate.GetParameters() is [{ ParameterType: var first }, ..] && first == typeof(int))
            .MaxBy(candidate => candidate.GetParameters().Length)
            ?? throw new InvalidOperationException("No internal SqlError constructor starts with the error number.");
        var strings = new Queue<string>(["lexheller-test", message, ""]);
        var arguments = constructor.GetParameters().Select((parameter, index) => index == 0 ? number : parameter.ParameterType switch
        {
            var type when type == typeof(byte) => (object)(byte)(parameter.Name == "errorClass" ? 16 : 1),
            var type when type == typeof(string) => strings.Count > 0 ? strings.Dequeue() : "",
            var type when type == typeof(int) => 1,
            var type when type == typeof(uint) => 0u,
            _ => null,
        }).ToArray();
        return (SqlError)constructor.Invoke(arguments);
    }
}
