namespace Labelit.Plugins;

/// <summary>Why a storage operation failed, in terms an administrator can act on.</summary>
public enum StorageFailure
{
    /// <summary>Anything not covered below; the message says what happened.</summary>
    Other,
    /// <summary>The endpoint could not be reached (DNS, refused connection, timeout, TLS).</summary>
    UnreachableEndpoint,
    /// <summary>The credentials were rejected or none could be found.</summary>
    WrongCredentials,
    /// <summary>The bucket (or root folder) does not exist.</summary>
    MissingBucket,
    /// <summary>The credentials are valid but not allowed to do this.</summary>
    NoPermission,
    /// <summary>The object does not exist.</summary>
    NotFound,
    /// <summary>The connection settings are incomplete or malformed.</summary>
    InvalidSettings,
    /// <summary>The location is malformed or not allowed (bad URI, path outside the allowed roots).</summary>
    InvalidLocation,
}
