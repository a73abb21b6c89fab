namespace StoreGen;

/// <summary>A bad command line or a refused target directory: printed with usage, exit code 2.</summary>
internal sealed class StoreGenUsageException(string message) : Exception(message);
