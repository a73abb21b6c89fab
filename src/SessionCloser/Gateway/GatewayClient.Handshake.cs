using System.Diagnostics;
using SessionCloser.Errors;

namespace SessionCloser.Gateway;

/// <summary>
/// Choosing how to connect: credential sources in order, then client identities, then (when no identity gets any
/// scope) session-closer's own signed device, until the scopes suffice.
/// </summary>
internal sealed partial class GatewayClient
{
    private static readonly ClientIdentity[] Identities = [new("cli", "cli"), new("gateway-client", "backend")];

    private async Task HandshakeWithFallbacksAsync(CancellationToken cancellationToken)
    {
        var credentials = Endpoint.Credentials.Count == 0 ? [null] : Endpoint.Credentials.Cast<GatewayCredential?>().ToList();
        var rejected = new List<string>();
        for (var ci = 0; ci < credentials.Count; ci++)
        {
            var credential = credentials[ci];
            Hello? lastHello = null;
            GatewayException? deviceRequired = null;
            var nextCredential = false;
            var identities = _options.ClientIdentities?.Select(i => new ClientIdentity(i.Id, i.Mode)).ToArray() ?? Identities;
            foreach (var identity in identities)
            {
                GatewayConnection connection;
                Hello hello;
                try
                {
                    (connection, hello) = await AttemptWithStartupRetriesAsync(credential, identity, device: null, cancellationToken);
                }
                catch (GatewayException e) when (e.IsCredentialMismatch)
                {
                    rejected.Add(credential?.Source ?? "(none)");
                    if (ci + 1 < credentials.Count)
                    {
                        nextCredential = true;
                        break;
                    }

                    throw Rewrap(e, $"The OpenClaw gateway at {Endpoint.Url} rejected the {Describe(credential)} ({e.DetailsCode}). Tried: {string.Join(", ", rejected)}.");
                }
                catch (GatewayException e) when (e.DetailsCode == "DEVICE_IDENTITY_REQUIRED" || (credential is null && e.DetailsCode == "AUTH_TOKEN_MISSING"))
                {
                    deviceRequired = e;
                    continue;
                }

                var missing = _options.RequiredScopes.Except(hello.Scopes, StringComparer.Ordinal).ToList();
                if (missing.Count > 0)
                {
                    lastHello = hello;
                    await connection.DisposeAsync();
                    continue;
                }

                Adopt(connection, hello, credential, identity, device: null);
                return;
            }

            if (nextCredential)
            {
                continue;
            }

            if (lastHello is { } h && h.Scopes.Count > 0)
            {
                throw new GatewayException(
                    GatewayException.ScopesCode,
                    $"The OpenClaw gateway at {Endpoint.Url} granted only [{string.Join(", ", h.Scopes)}]; session-closer needs [{string.Join(", ", _options.RequiredScopes)}].",
                    ExitCode.Refused,
                    method: "connect");
            }

            // No scopes, or a device demanded (2026.3.13 – 4.14, or auth "none" before 5.12): sign in as our own device.
            var needsDevice = lastHello is not null || deviceRequired?.DetailsCode == "DEVICE_IDENTITY_REQUIRED";
            if (needsDevice && _options.DeviceIdentityPath is { } keyPath)
            {
                await ConnectAsDeviceAsync(credential, identities[0], keyPath, cancellationToken);
                return;
            }

            if (deviceRequired is not null && lastHello is null)
            {
                throw credential is null && deviceRequired.DetailsCode != "DEVICE_IDENTITY_REQUIRED"
                    ? Rewrap(deviceRequired, $"The OpenClaw gateway at {Endpoint.Url} requires a token or password, and none was found (--token/--password, gateway.auth.token/password in the config, OPENCLAW_GATEWAY_TOKEN/PASSWORD).")
                    : Rewrap(deviceRequired, $"The OpenClaw gateway at {Endpoint.Url} requires a device identity for this connection ({deviceRequired.GatewayMessage}), and no device key file was given ({nameof(GatewayClientOptions.DeviceIdentityPath)}).");
            }

            var version = lastHello is { ServerVersion.Length: > 0 } lh ? $" ({lh.ServerVersion})" : string.Empty;
            throw new GatewayException(
                GatewayException.ScopesCode,
                $"The OpenClaw gateway at {Endpoint.Url}{version} accepted the connection but granted no scopes: this OpenClaw version (2026.3.13 – 2026.4.14 are such) grants them only to a signed device identity, and no device key file was given ({nameof(GatewayClientOptions.DeviceIdentityPath)}).",
                ExitCode.Refused,
                method: "connect",
                detailsCode: deviceRequired?.DetailsCode);
        }

        throw new UnreachableException();
    }

    private static GatewayException Rewrap(GatewayException e, string message) =>
        new(e.Code, message, e.ExitCode, e.Method, e.DetailsCode, e.DetailsReason, e.Retryable, e.RetryAfterMs, e.Details, e);

    private static string Describe(GatewayCredential? credential) =>
        credential is null ? "connection without a secret" : $"{(credential.Kind == GatewayCredentialKind.Password ? "password" : "token")} from {credential.Source}";

    private sealed record ClientIdentity(string Id, string Mode);
}
