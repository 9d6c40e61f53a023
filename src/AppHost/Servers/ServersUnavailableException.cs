namespace Labelit.AppHost.Servers;

/// <summary>PostgreSQL or Redis cannot run here; the message says what to install or set.</summary>
internal sealed class ServersUnavailableException(string message) : Exception(message);
