namespace SessionCloser.Fixtures.RealOpenClaw;

/// <summary>The gateway process ended before it reported ready.</summary>
public sealed class GatewayExitedException(string message) : InvalidOperationException(message);
