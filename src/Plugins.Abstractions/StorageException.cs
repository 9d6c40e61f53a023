namespace Labelit.Plugins;

/// <summary>
/// A storage operation failed. Backends throw this (not their client library's exceptions) so the
/// host can tell users what went wrong; the message never contains secrets.
/// </summary>
public sealed class StorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageException(StorageFailure failure, string message, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    /// <summary>The kind of failure.</summary>
    public StorageFailure Failure { get; }
}
