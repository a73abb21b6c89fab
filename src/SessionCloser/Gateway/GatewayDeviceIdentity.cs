using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace SessionCloser.Gateway;

/// <summary>
/// session-closer's own Ed25519 device identity for the gateway (OpenClaw 2026.3.13 – 2026.4.14 grant scopes only
/// to a signed device). Kept in its own key file (<see cref="DefaultPath"/>), never OpenClaw's identity/device.json,
/// so the CLI's pairing and ours never step on each other.
/// </summary>
internal sealed class GatewayDeviceIdentity
{
    private readonly Ed25519PrivateKeyParameters _privateKey;

    internal GatewayDeviceIdentity(ReadOnlySpan<byte> seed, string path)
    {
        _privateKey = new Ed25519PrivateKeyParameters(seed.ToArray());
        PublicKeyRaw = _privateKey.GeneratePublicKey().GetEncoded();
        DeviceId = Convert.ToHexStringLower(SHA256.HashData(PublicKeyRaw));
        PublicKey = Base64Url.EncodeToString(PublicKeyRaw);
        Path = path;
    }

    /// <summary><c>device.id</c>: lowercase hex SHA-256 of the raw 32-byte public key (as OpenClaw derives it).</summary>
    public string DeviceId { get; }

    /// <summary><c>device.publicKey</c>: the raw public key, base64url without padding.</summary>
    public string PublicKey { get; }

    /// <summary>The key file this identity lives in.</summary>
    public string Path { get; }

    internal byte[] PublicKeyRaw { get; }

    /// <summary>
    /// Where session-closer keeps its key for a gateway whose state dir is <paramref name="stateDir"/>: beside the
    /// pairing record it belongs to, under a name OpenClaw does not use.
    /// </summary>
    public static string DefaultPath(string stateDir) =>
        System.IO.Path.Combine(stateDir, "identity", "session-closer-device.json");

    /// <summary>Loads the key file, or creates it (mode 0600, atomically) when it does not exist yet.</summary>
    public static GatewayDeviceIdentity LoadOrCreate(string path) => DeviceKeyFile.LoadOrCreate(path);

    /// <summary>Ed25519 over the UTF-8 bytes of <paramref name="payload"/>, base64url without padding.</summary>
    internal string Sign(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        var signer = new Ed25519Signer();
        signer.Init(forSigning: true, _privateKey);
        signer.BlockUpdate(bytes, 0, bytes.Length);
        return Base64Url.EncodeToString(signer.GenerateSignature());
    }
}
