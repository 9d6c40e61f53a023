namespace Labelit.Plugins;

/// <summary>The answer to <see cref="IStorageBackend.TestConnectionAsync"/>, shown as is to an administrator.</summary>
/// <param name="Failure">Null when the connection works; otherwise why it does not.</param>
/// <param name="Message">One or two sentences saying what works or what to fix.</param>
public sealed record ConnectionTestResult(StorageFailure? Failure, string Message)
{
    /// <summary>True when the location could be listed.</summary>
    public bool Succeeded => Failure is null;

    /// <summary>A working connection.</summary>
    public static ConnectionTestResult Success(string message) => new(null, message);

    /// <summary>A failed connection test, from the exception the backend threw.</summary>
    public static ConnectionTestResult From(StorageException exception) => new(exception.Failure, exception.Message);
}
