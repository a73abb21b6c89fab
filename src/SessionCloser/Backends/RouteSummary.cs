using SessionCloser.Closing;
using SessionCloser.Eras;

namespace SessionCloser.Backends;

/// <summary>Who closes a store's sessions and why, as <c>--dry-run</c> and <c>--json</c> show it.</summary>
/// <param name="Backend">Files or gateway.</param>
/// <param name="Reason">One sentence a person can check.</param>
/// <param name="GatewayUrl">The gateway URL that was tried.</param>
/// <param name="GatewayLive">Whether something answered the gateway's <c>/healthz</c>.</param>
/// <param name="GatewayVersion">The connected gateway's OpenClaw version.</param>
/// <param name="Era">The storage era: from the gateway's version when connected, else from disk.</param>
/// <param name="EraReason">What decided the era.</param>
public sealed record RouteSummary(CloseBackend Backend, string Reason, Uri GatewayUrl, bool GatewayLive, string? GatewayVersion, StorageEra Era, string EraReason);
