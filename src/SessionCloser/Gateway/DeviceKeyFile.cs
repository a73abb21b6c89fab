using System.Security.Cryptography;
using System.Text.Json;
using SessionCloser.Errors;
using SessionCloser.FileSystem;

namespace SessionCloser.Gateway;

/// <summary>
/// The key file of <see cref="GatewayDeviceIdentity"/>, in the layout OpenClaw uses for its own device.json
/// (<c>{version:1, deviceId, publicKeyPem, privateKeyPem, createdAtMs}</c>, PKCS#8/SPKI PEM, mode 0600), so a person
/// recognises it. Created atomically (temp file, then a no-clobber move: a concurrent creator's key wins and is
/// used). A file that is unreadable, inconsistent or readable by others is refused, never replaced: its key may be
/// the one the gateway paired.
/// </summary>
internal static class DeviceKeyFile
{
    private const string Label = "session-closer's gateway device key";

    // DER prefixes of an Ed25519 key as Node's crypto exports it (RFC 8410): PKCS#8 v1 and SPKI, then 32 key bytes.
    private static readonly byte[] Pkcs8Prefix = Convert.FromHexString("302e020100300506032b657004220420");
    private static readonly byte[] SpkiPrefix = Convert.FromHexString("302a300506032b6570032100");

    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static GatewayDeviceIdentity LoadOrCreate(string path)
    {
        path = Path.GetFullPath(path);
        return File.Exists(path) ? Load(path) : Create(path);
    }

    private static GatewayDeviceIdentity Load(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
        {
            throw Invalid(path, $"it is accessible to other users (mode {Convert.ToString((int)File.GetUnixFileMode(path), 8)}); run chmod 600 on it");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid(path, e.Message, e);
        }

        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != 1)
            {
                throw Invalid(path, "it is not a version 1 key file");
            }

            var seed = Unwrap(String(root, "privateKeyPem") ?? throw Invalid(path, "privateKeyPem is missing"), "PRIVATE KEY", Pkcs8Prefix)
                ?? throw Invalid(path, "privateKeyPem is not an Ed25519 PKCS#8 key");
            var identity = new GatewayDeviceIdentity(seed, path);
            if (String(root, "publicKeyPem") is { } publicPem)
            {
                var raw = Unwrap(publicPem, "PUBLIC KEY", SpkiPrefix) ?? throw Invalid(path, "publicKeyPem is not an Ed25519 public key");
                if (!raw.AsSpan().SequenceEqual(identity.PublicKeyRaw))
                {
                    throw Invalid(path, "publicKeyPem does not belong to privateKeyPem");
                }
            }

            if (String(root, "deviceId") is { } deviceId && deviceId != identity.DeviceId)
            {
                throw Invalid(path, "deviceId is not the SHA-256 of the public key");
            }

            return identity;
        }
        catch (JsonException e)
        {
            throw Invalid(path, $"it is not valid JSON ({e.Message})", e);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
        {
            throw Invalid(path, e.Message, e);
        }
    }

    private static GatewayDeviceIdentity Create(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var seed = RandomNumberGenerator.GetBytes(32);
        var identity = new GatewayDeviceIdentity(seed, path);
        var temp = Path.Combine(directory, $"{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            AtomicFile.WriteNew(temp, Serialize(identity, seed));
            if (!Libc.TryMoveWithoutReplacing(temp, path))
            {
                // Another process created it first: its key is the one to use (and to pair).
                File.Delete(temp);
                return Load(path);
            }
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }

        Libc.FsyncDirectory(directory);
        return identity;
    }

    private static byte[] Serialize(GatewayDeviceIdentity identity, ReadOnlySpan<byte> seed)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", 1);
            w.WriteString("deviceId", identity.DeviceId);
            w.WriteString("publicKeyPem", Pem("PUBLIC KEY", [.. SpkiPrefix, .. identity.PublicKeyRaw]));
            w.WriteString("privateKeyPem", Pem("PRIVATE KEY", [.. Pkcs8Prefix, .. seed]));
            w.WriteNumber("createdAtMs", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            w.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static string Pem(string label, byte[] der) => new string(PemEncoding.Write(label, der)) + "\n";

    /// <summary>The 32 key bytes of a PEM block with <paramref name="label"/> whose DER is <paramref name="prefix"/> + 32 bytes.</summary>
    private static byte[]? Unwrap(string pem, string label, byte[] prefix)
    {
        if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] != label)
        {
            return null;
        }

        var der = Convert.FromBase64String(pem[fields.Base64Data]);
        return der.Length == prefix.Length + 32 && der.AsSpan(0, prefix.Length).SequenceEqual(prefix) ? der[prefix.Length..] : null;
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static GatewayException Invalid(string path, string why, Exception? inner = null) =>
        new(
            GatewayException.DeviceKeyCode,
            $"{Label} {path} cannot be used: {why}. Fix it, or delete it to let session-closer create a new key (a loopback gateway pairs it again silently).",
            ExitCode.StoreError,
            method: "connect",
            innerException: inner);
}
