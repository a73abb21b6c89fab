using System.Text.Json;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using CliWrap;
using CliWrap.Buffered;
using SessionCloser.Fixtures.RealOpenClaw;
using SessionCloser.Gateway;

namespace SessionCloser.GatewayTests;

/// <summary>
/// Our device proof against OpenClaw 2026.4.14's own functions (Oracles/device-auth.mjs): the same v3 payload
/// string, a signature its verifier accepts and its signer reproduces from our key file, the same device id.
/// </summary>
public sealed class DeviceAuthOracleTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sc-oracle-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Payload_signature_and_key_file_agree_with_OpenClaw_2026_4_14()
    {
        var (_, node, mjs) = OpenClawInstall.For("2026.4.14");
        var identity = GatewayDeviceIdentity.LoadOrCreate(Path.Combine(_root, "state", "identity", "session-closer-device.json"));
        var keyFile = JsonNode.Parse(await File.ReadAllTextAsync(identity.Path, TestContext.Current.CancellationToken))!;
        DeviceAuthFields[] cases =
        [
            new("cli", "cli", "operator", [GatewayScopes.Admin, GatewayScopes.Read, GatewayScopes.Write], 1795473831362, "test-token", "7aed86e5-0b1c", "linux", null),
            new("gateway-client", "backend", "operator", [], 1, null, "n", " Linux ", "  MacBookPro ÄÖ "),
            new("test", "test", "operator", [GatewayScopes.Read], 9_007_199_254_740_991, "t|with|pipes", "nonce", "\u00A0WIN32\uFEFF", "iPhone"),
        ];
        var proofs = cases.Select(c => DeviceProof.Create(identity, c)).ToList();
        var request = new JsonObject
        {
            ["publicKeyPem"] = keyFile["publicKeyPem"]!.GetValue<string>(),
            ["privateKeyPem"] = keyFile["privateKeyPem"]!.GetValue<string>(),
            ["cases"] = new JsonArray([.. cases.Zip(proofs, (c, p) => (JsonNode)new JsonObject
            {
                ["deviceId"] = identity.DeviceId,
                ["clientId"] = c.ClientId,
                ["clientMode"] = c.ClientMode,
                ["role"] = c.Role,
                ["scopes"] = new JsonArray([.. c.Scopes.Select(s => (JsonNode)s)]),
                ["signedAtMs"] = c.SignedAtMs,
                ["token"] = c.Token,
                ["nonce"] = c.Nonce,
                ["platform"] = c.Platform,
                ["deviceFamily"] = c.DeviceFamily,
                ["publicKey"] = p.PublicKey,
                ["signature"] = p.Signature,
            })]),
        };

        var result = await Cli.Wrap(node)
            .WithArguments([Path.Combine(AppContext.BaseDirectory, "Oracles", "device-auth.mjs"), Path.Combine(Path.GetDirectoryName(mjs)!, "dist")])
            .WithEnvironmentVariables(e => e.Set("HOME", _root).Set("OPENCLAW_STATE_DIR", Path.Combine(_root, "state")))
            .WithStandardInputPipe(PipeSource.FromString(request.ToJsonString()))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);
        result.ExitCode.Should().Be(0, result.StandardError);

        using var answer = JsonDocument.Parse(result.StandardOutput);
        answer.RootElement.GetProperty("deviceIdFromPem").GetString().Should().Be(identity.DeviceId);
        answer.RootElement.GetProperty("publicKeyFromPem").GetString().Should().Be(identity.PublicKey);
        var oracle = answer.RootElement.GetProperty("cases").EnumerateArray().ToList();
        oracle.Should().HaveCount(cases.Length);
        for (var i = 0; i < cases.Length; i++)
        {
            oracle[i].GetProperty("payload").GetString().Should().Be(DeviceProof.PayloadV3(identity.DeviceId, cases[i]));
            oracle[i].GetProperty("verified").GetBoolean().Should().BeTrue();
            oracle[i].GetProperty("signature").GetString().Should().Be(proofs[i].Signature, "Ed25519 is deterministic");
        }
    }
}
