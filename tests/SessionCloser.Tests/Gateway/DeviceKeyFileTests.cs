using System.Security.Cryptography;
using System.Text.Json;
using AwesomeAssertions;
using SessionCloser.Gateway;
using SessionCloser.Tests.Fixtures;

namespace SessionCloser.Tests.Gateway;

public sealed class DeviceKeyFileTests : IDisposable
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TempDir _dir = new();

    private string KeyPath => GatewayDeviceIdentity.DefaultPath(_dir.Sub("state"));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void First_use_creates_a_0600_file_in_a_0700_directory_with_a_consistent_identity()
    {
        var identity = GatewayDeviceIdentity.LoadOrCreate(KeyPath);

        identity.Path.Should().Be(KeyPath);
        KeyPath.Should().EndWith("/state/identity/session-closer-device.json");
        File.GetUnixFileMode(KeyPath).Should().Be(Mode0600);
        File.GetUnixFileMode(Path.GetDirectoryName(KeyPath)!).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.GetFiles(Path.GetDirectoryName(KeyPath)!).Should().ContainSingle("the temp file is moved, not copied");

        using var doc = JsonDocument.Parse(File.ReadAllBytes(KeyPath));
        var root = doc.RootElement;
        root.GetProperty("version").GetInt32().Should().Be(1);
        root.GetProperty("deviceId").GetString().Should().Be(identity.DeviceId);
        root.GetProperty("privateKeyPem").GetString().Should().StartWith("-----BEGIN PRIVATE KEY-----\n").And.EndWith("-----END PRIVATE KEY-----\n");
        root.GetProperty("publicKeyPem").GetString().Should().StartWith("-----BEGIN PUBLIC KEY-----\n");
        var raw = Base64UrlDecode(identity.PublicKey);
        raw.Should().HaveCount(32);
        identity.DeviceId.Should().Be(Convert.ToHexStringLower(SHA256.HashData(raw)));
    }

    [Fact]
    public void Later_uses_load_the_same_key_and_leave_the_file_untouched()
    {
        var first = GatewayDeviceIdentity.LoadOrCreate(KeyPath);
        var bytes = File.ReadAllBytes(KeyPath);

        var second = GatewayDeviceIdentity.LoadOrCreate(KeyPath);

        second.DeviceId.Should().Be(first.DeviceId);
        second.PublicKey.Should().Be(first.PublicKey);
        second.Sign("payload").Should().Be(first.Sign("payload"), "Ed25519 is deterministic: same key, same signature");
        File.ReadAllBytes(KeyPath).Should().Equal(bytes);
    }

    [Fact]
    public void Concurrent_first_uses_agree_on_one_key()
    {
        var ids = new string[8];
        Parallel.For(0, ids.Length, i => ids[i] = GatewayDeviceIdentity.LoadOrCreate(KeyPath).DeviceId);

        ids.Distinct().Should().ContainSingle();
        GatewayDeviceIdentity.LoadOrCreate(KeyPath).DeviceId.Should().Be(ids[0]);
        Directory.GetFiles(Path.GetDirectoryName(KeyPath)!).Should().ContainSingle();
    }

    [Theory]
    [InlineData("not json", "is not valid JSON")]
    [InlineData("""{"version":2,"privateKeyPem":"x"}""", "not a version 1 key file")]
    [InlineData("""{"version":1}""", "privateKeyPem is missing")]
    [InlineData("""{"version":1,"privateKeyPem":"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"}""", "not an Ed25519 PKCS#8 key")]
    public void A_corrupt_file_is_refused_with_its_path_and_kept(string content, string why)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(KeyPath)!);
        File.WriteAllText(KeyPath, content);
        File.SetUnixFileMode(KeyPath, Mode0600);

        var act = () => GatewayDeviceIdentity.LoadOrCreate(KeyPath);

        var error = act.Should().Throw<GatewayException>().Which;
        error.Code.Should().Be(GatewayException.DeviceKeyCode);
        error.Message.Should().Contain(KeyPath).And.ContainEquivalentOf(why).And.Contain("delete it");
        File.ReadAllText(KeyPath).Should().Be(content);
    }

    [Fact]
    public void A_file_whose_device_id_or_public_key_does_not_match_the_private_key_is_refused()
    {
        GatewayDeviceIdentity.LoadOrCreate(KeyPath);
        var other = GatewayDeviceIdentity.LoadOrCreate(_dir.Sub("other/key.json"));
        var text = File.ReadAllText(KeyPath);
        using var mine = JsonDocument.Parse(text);
        using var theirs = JsonDocument.Parse(File.ReadAllText(other.Path));

        File.WriteAllText(KeyPath, text.Replace(mine.RootElement.GetProperty("deviceId").GetString()!, other.DeviceId, StringComparison.Ordinal));
        var wrongId = () => GatewayDeviceIdentity.LoadOrCreate(KeyPath);
        wrongId.Should().Throw<GatewayException>().WithMessage("*deviceId is not the SHA-256 of the public key*");

        File.WriteAllText(KeyPath, text.Replace(
            JsonEncodedText.Encode(mine.RootElement.GetProperty("publicKeyPem").GetString()!).ToString(),
            JsonEncodedText.Encode(theirs.RootElement.GetProperty("publicKeyPem").GetString()!).ToString(),
            StringComparison.Ordinal));
        var wrongKey = () => GatewayDeviceIdentity.LoadOrCreate(KeyPath);
        wrongKey.Should().Throw<GatewayException>().WithMessage("*publicKeyPem does not belong to privateKeyPem*");
    }

    [Fact]
    public void A_key_file_other_users_can_read_is_refused()
    {
        GatewayDeviceIdentity.LoadOrCreate(KeyPath);
        File.SetUnixFileMode(KeyPath, Mode0600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var act = () => GatewayDeviceIdentity.LoadOrCreate(KeyPath);

        act.Should().Throw<GatewayException>().WithMessage("*accessible to other users (mode 644)*chmod 600*");
    }

    private static byte[] Base64UrlDecode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);
}
