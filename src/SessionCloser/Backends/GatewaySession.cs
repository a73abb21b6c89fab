using SessionCloser.Sessions;

namespace SessionCloser.Backends;

/// <summary>A session as the gateway backend knows it: from the store file the gateway serves, its own list, or both.</summary>
/// <param name="Key">The stored key.</param>
/// <param name="SessionId">The id to guard the delete with; null when only <c>sessions.resolve</c> saw the key.</param>
/// <param name="UpdatedAt">Epoch milliseconds.</param>
/// <param name="HasActiveRun">The gateway reports a run in progress.</param>
/// <param name="Listed">Its <c>sessions.list</c> row as JSON text (kept in the operation log); null when the gateway did not list it.</param>
internal sealed record GatewaySession(string Key, string? SessionId, double? UpdatedAt, bool HasActiveRun, string? Listed = null) : ISessionRecord;
