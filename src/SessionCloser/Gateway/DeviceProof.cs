using System.Globalization;
using System.Text.Json;
using SessionCloser.JavaScript;

namespace SessionCloser.Gateway;

/// <summary>
/// The <c>device</c> block of a connect request: OpenClaw's device-auth v3 payload signed with our Ed25519 key.
/// Built exactly as <c>buildDeviceAuthPayloadV3</c> in OpenClaw's <c>src/gateway/device-auth.ts</c> (checked
/// against 2026.4.14's dist/client-*.js); the server rebuilds the string from the connect params and verifies it.
/// </summary>
/// <param name="Id">device.id.</param>
/// <param name="PublicKey">device.publicKey (raw key, base64url).</param>
/// <param name="Signature">device.signature (base64url).</param>
/// <param name="SignedAt">device.signedAt (ms); the server allows 120 s of skew.</param>
/// <param name="Nonce">device.nonce: the connect.challenge nonce.</param>
internal sealed record DeviceProof(string Id, string PublicKey, string Signature, long SignedAt, string Nonce)
{
    public static DeviceProof Create(GatewayDeviceIdentity identity, DeviceAuthFields fields)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(fields);
        return new DeviceProof(identity.DeviceId, identity.PublicKey, identity.Sign(PayloadV3(identity.DeviceId, fields)), fields.SignedAtMs, fields.Nonce);
    }

    /// <summary><c>v3|deviceId|clientId|clientMode|role|scopes,…|signedAtMs|token|nonce|platform|deviceFamily</c>.</summary>
    public static string PayloadV3(string deviceId, DeviceAuthFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return string.Join(
            '|',
            "v3",
            deviceId,
            fields.ClientId,
            fields.ClientMode,
            fields.Role,
            string.Join(',', fields.Scopes),
            fields.SignedAtMs.ToString(CultureInfo.InvariantCulture),
            fields.Token ?? string.Empty,
            fields.Nonce,
            NormalizeMetadata(fields.Platform),
            NormalizeMetadata(fields.DeviceFamily));
    }

    public void Write(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject("device");
        w.WriteString("id", Id);
        w.WriteString("publicKey", PublicKey);
        w.WriteString("signature", Signature);
        w.WriteNumber("signedAt", SignedAt);
        w.WriteString("nonce", Nonce);
        w.WriteEndObject();
    }

    // normalizeDeviceMetadataForAuth: JS trim, then A–Z only to lower case (no locale, no Unicode folding).
    private static string NormalizeMetadata(string? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        var trimmed = JsText.Trim(value);
        return string.Create(trimmed.Length, trimmed, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = s[i] is >= 'A' and <= 'Z' ? (char)(s[i] + 32) : s[i];
            }
        });
    }
}

/// <summary>What the device signature covers besides the device id; each must equal what the connect request sends.</summary>
/// <param name="ClientId">client.id.</param>
/// <param name="ClientMode">client.mode.</param>
/// <param name="Role">role.</param>
/// <param name="Scopes">scopes, in the order sent.</param>
/// <param name="SignedAtMs">device.signedAt.</param>
/// <param name="Token">auth.token (else auth.deviceToken, auth.bootstrapToken); null when none is sent (a password is not signed).</param>
/// <param name="Nonce">The connect.challenge nonce.</param>
/// <param name="Platform">client.platform.</param>
/// <param name="DeviceFamily">client.deviceFamily, when sent.</param>
internal sealed record DeviceAuthFields(
    string ClientId,
    string ClientMode,
    string Role,
    IReadOnlyList<string> Scopes,
    long SignedAtMs,
    string? Token,
    string Nonce,
    string Platform,
    string? DeviceFamily);
