using SessionCloser.Errors;

namespace SessionCloser.Gateway;

/// <summary>
/// The signed-device connection (reference §5.4, §5.5 step 3) for gateways that grant no scopes without one.
/// A loopback gateway pairs a new device silently with the scopes it asks for; a remote one answers
/// PAIRING_REQUIRED until someone approves it.
/// </summary>
internal sealed partial class GatewayClient
{
    private async Task ConnectAsDeviceAsync(GatewayCredential? credential, ClientIdentity identity, string keyPath, CancellationToken cancellationToken)
    {
        var device = GatewayDeviceIdentity.LoadOrCreate(keyPath);
        GatewayConnection connection;
        Hello hello;
        try
        {
            (connection, hello) = await AttemptWithStartupRetriesAsync(credential, identity, device, cancellationToken);
        }
        catch (GatewayException e) when (e.DetailsCode == "PAIRING_REQUIRED")
        {
            var requestId = e.Details is { } details ? GatewayException.GetString(details, "requestId") : null;
            throw Rewrap(
                e,
                $"The OpenClaw gateway at {Endpoint.Url} wants session-closer's device {device.DeviceId} approved first ({e.DetailsReason ?? "pairing required"}): "
                + $"run `openclaw devices approve {requestId ?? "<requestId>"}` on the gateway host, then try again. Device key: {device.Path}.");
        }
        catch (GatewayException e) when (e.DetailsCode?.StartsWith("DEVICE_AUTH_", StringComparison.Ordinal) == true)
        {
            throw Rewrap(e, $"The OpenClaw gateway at {Endpoint.Url} refused session-closer's device signature ({e.DetailsCode}: {e.GatewayMessage}). Device key: {device.Path}.");
        }

        var missing = _options.RequiredScopes.Except(hello.Scopes, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            await connection.DisposeAsync();
            throw new GatewayException(
                GatewayException.ScopesCode,
                $"The OpenClaw gateway at {Endpoint.Url} ({hello.ServerVersion}) granted session-closer's device {device.DeviceId} only [{string.Join(", ", hello.Scopes)}]; "
                + $"session-closer needs [{string.Join(", ", _options.RequiredScopes)}]. See `openclaw devices list`.",
                ExitCode.Refused,
                method: "connect");
        }

        Adopt(connection, hello, credential, identity, device);
    }
}
