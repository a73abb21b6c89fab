using System.Text;
using System.Text.Json;
using AwesomeAssertions;
using SessionCloser.Eras;
using SessionCloser.Gateway;

namespace SessionCloser.GatewayTests;

/// <summary>Frame building and parsing without a server (the real gateways are the proof; these pin the shapes).</summary>
public sealed class FrameTests
{
    [Fact]
    public void Request_frames_are_closed_objects_with_string_ids()
    {
        var bytes = GatewayFrames.BuildRequest("7", "sessions.delete", w =>
        {
            w.WriteString("key", "agent:main:x");
            w.WriteBoolean("deleteTranscript", true);
        });
        Encoding.UTF8.GetString(bytes).Should().Be("""{"type":"req","id":"7","method":"sessions.delete","params":{"key":"agent:main:x","deleteTranscript":true}}""");
        Encoding.UTF8.GetString(GatewayFrames.BuildRequest("8", "health", null)).Should().Be("""{"type":"req","id":"8","method":"health"}""");
    }

    [Fact]
    public void Connect_params_match_what_the_gateway_accepts()
    {
        var bytes = GatewayFrames.BuildRequest("1", "connect", w => ConnectRequest.WriteParams(
            w, "cli", "cli", "1.2.3", GatewayScopes.All, new GatewayCredential(GatewayCredentialKind.Token, "tok", "t")));
        var json = Encoding.UTF8.GetString(bytes);
        json.Should().Be(
            """{"type":"req","id":"1","method":"connect","params":{"minProtocol":3,"maxProtocol":4,"client":{"id":"cli","version":"1.2.3","platform":"linux","mode":"cli"},"role":"operator","scopes":["operator.admin","operator.read","operator.write"],"auth":{"token":"tok"}}}""");

        var noAuth = Encoding.UTF8.GetString(GatewayFrames.BuildRequest("2", "connect", w => ConnectRequest.WriteParams(w, "gateway-client", "backend", "1", ["operator.read"], null)));
        noAuth.Should().NotContain("auth").And.Contain("\"mode\":\"backend\"");
        var password = Encoding.UTF8.GetString(GatewayFrames.BuildRequest("3", "connect", w => ConnectRequest.WriteParams(w, "cli", "cli", "1", [], new GatewayCredential(GatewayCredentialKind.Password, "pw", "p"))));
        password.Should().Contain("\"auth\":{\"password\":\"pw\"}");
    }

    [Fact]
    public void Parses_responses_errors_and_events()
    {
        var ok = GatewayFrames.Parse("""{"type":"res","id":"42","ok":true,"payload":{"ok":true,"deleted":true,"archived":["/a"]}}"""u8);
        ok.Type.Should().Be(GatewayFrameType.Response);
        ok.Id.Should().Be("42");
        ok.Ok.Should().BeTrue();
        ok.Payload.GetProperty("deleted").GetBoolean().Should().BeTrue();

        var ev = GatewayFrames.Parse("""{"type":"event","event":"tick","payload":{"ts":1},"seq":2}"""u8);
        ev.Type.Should().Be(GatewayFrameType.Event);
        ev.Event.Should().Be("tick");
        ev.Seq.Should().Be(2);

        var bad = () => GatewayFrames.Parse("not json"u8);
        bad.Should().Throw<GatewayException>().Which.Code.Should().Be(GatewayException.ProtocolCode);
        var noId = () => GatewayFrames.Parse("""{"type":"res","ok":true}"""u8);
        noId.Should().Throw<GatewayException>();
    }

    [Fact]
    public void Error_objects_become_typed_exceptions()
    {
        var frame = GatewayFrames.Parse("""
            {"type":"res","id":"45","ok":false,"error":{"code":"UNAVAILABLE","message":"sessions.list unavailable during gateway startup",
             "retryable":true,"retryAfterMs":500,"details":{"reason":"startup-sidecars","method":"sessions.list"}}}
            """u8);
        var e = GatewayException.FromError("sessions.list", frame.Error);
        e.Code.Should().Be("UNAVAILABLE");
        e.Retryable.Should().BeTrue();
        e.RetryAfterMs.Should().Be(500);
        e.DetailsReason.Should().Be("startup-sidecars");
        e.Message.Should().Be("OpenClaw gateway sessions.list: sessions.list unavailable during gateway startup");
        e.GatewayMessage.Should().Be("sessions.list unavailable during gateway startup");

        var scope735 = GatewayException.FromError("sessions.delete", JsonDocument.Parse("""{"code":"INVALID_REQUEST","message":"missing scope: operator.admin"}""").RootElement);
        scope735.IsMissingScope.Should().BeTrue();
        var scope96 = GatewayException.FromError("sessions.delete", JsonDocument.Parse("""{"code":"FORBIDDEN","message":"missing scope: operator.admin","details":{"code":"MISSING_SCOPE"}}""").RootElement);
        scope96.IsMissingScope.Should().BeTrue();
        scope96.DetailsCode.Should().Be("MISSING_SCOPE");

        var auth = GatewayException.FromError("connect", JsonDocument.Parse("""{"code":"INVALID_REQUEST","message":"unauthorized: gateway token mismatch","details":{"code":"AUTH_TOKEN_MISMATCH"}}""").RootElement);
        auth.IsCredentialMismatch.Should().BeTrue();
        auth.IsAuthFailure.Should().BeTrue();
    }

    [Fact]
    public void Hello_ok_and_rows_are_read_leniently()
    {
        var hello = HelloOk.Parse(JsonDocument.Parse("""
            {"type":"hello-ok","protocol":4,"server":{"version":"2026.10.1-beta.2","connId":"c"},
             "snapshot":{"stateDir":"/s","configPath":"/s/openclaw.json","authMode":"token",
                         "sessionDefaults":{"defaultAgentId":"main","mainKey":"main","mainSessionKey":"agent:main:main"}},
             "auth":{"role":"operator","scopes":["operator.read"]},"policy":{"tickIntervalMs":30000}}
            """).RootElement);
        hello.ServerVersion.Should().Be("2026.10.1-beta.2");
        hello.Protocol.Should().Be(4);
        hello.Scopes.Should().Equal("operator.read");
        hello.Snapshot.Should().Be(new GatewaySnapshot("/s", "/s/openclaw.json", "agent:main:main", "main", "token"));
        OpenClawVersion.TryParse("2026.10.1")!.IsBefore(2026, 8, 0).Should().BeFalse("numbers, not text");

        var notHello = () => HelloOk.Parse(JsonDocument.Parse("""{"type":"other"}""").RootElement);
        notHello.Should().Throw<GatewayException>();

        var row = GatewayClient.ParseRow(JsonDocument.Parse("""{"key":"agent:ops:explicit:a","sessionId":"s1","updatedAt":5,"archivedAt":9}""").RootElement)!;
        row.AgentId.Should().Be("ops");
        row.Archived.Should().BeTrue();
        row.ArchivedAt.Should().Be(9);
        GatewayClient.ParseRow(JsonDocument.Parse("""{"sessionId":"s1"}""").RootElement).Should().BeNull();
    }
}
