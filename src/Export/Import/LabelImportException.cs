namespace Labelit.Export.Import;

/// <summary>The import file cannot be read at all (not the format chosen, truncated, empty); the
/// message says what is wrong, where, and what to do. Nothing is imported.</summary>
public sealed class LabelImportException(string message, Exception? inner = null) : Exception(message, inner);
