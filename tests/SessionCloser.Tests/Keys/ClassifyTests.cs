using AwesomeAssertions;
using SessionCloser.Keys;

namespace SessionCloser.Tests.Keys;

public class ClassifyTests
{
    [Theory]
    [InlineData("agent:main:main", SessionKeyKind.Main)]
    [InlineData("AGENT:Work:Main", SessionKeyKind.Main)]
    [InlineData("main", SessionKeyKind.Main)]
    [InlineData("global", SessionKeyKind.Global)]
    [InlineData("Unknown", SessionKeyKind.Unknown)]
    [InlineData("agent:main:webshop", SessionKeyKind.Project)]
    [InlineData("agent:main:project-webshop", SessionKeyKind.LegacyProject)]
    [InlineData("agent:main:cron:nightly", SessionKeyKind.Cron)]
    [InlineData("agent:main:cron:nightly:run:7f3a", SessionKeyKind.CronRun)]
    [InlineData("agent:main:cron:nightly:run:7f3a:subagent:1", SessionKeyKind.CronRun)]
    [InlineData("agent:main:subagent:0b9c2f1e-1111-4222-8333-944445555666", SessionKeyKind.Subagent)]
    [InlineData("agent:main:acp:claude:1", SessionKeyKind.Acp)]
    [InlineData("agent:main:acp-bridge:x", SessionKeyKind.Acp)]
    [InlineData("hook:0b9c2f1e", SessionKeyKind.Hook)]
    [InlineData("agent:main:hook:gmail:1", SessionKeyKind.Hook)]
    [InlineData("node:mac-mini", SessionKeyKind.Node)]
    [InlineData("agent:main:node-abc", SessionKeyKind.Node)]
    [InlineData("agent:main:heartbeat", SessionKeyKind.Heartbeat)]
    [InlineData("agent:main:explicit:model-run-0b9c2f1e-1111-4222-8333-944445555666", SessionKeyKind.ModelRun)]
    [InlineData("agent:main:explicit:model-run-0B9C2F1E-1111-4222-8333-944445555666", SessionKeyKind.ModelRun)]
    [InlineData("agent:main:explicit:model-run-nope", SessionKeyKind.Explicit)]
    [InlineData("agent:main:explicit:my-run", SessionKeyKind.Explicit)]
    [InlineData("agent:main:slack:channel:c0abc:thread:1712345678.000100", SessionKeyKind.Thread)]
    [InlineData("agent:main:matrix:channel:!AbC:x.org:thread:$Ev", SessionKeyKind.Thread)]
    [InlineData("agent:main:telegram:group:-1001234567890:topic:42", SessionKeyKind.Topic)]
    [InlineData("agent:main:discord:channel:1234567890", SessionKeyKind.Channel)]
    [InlineData("agent:main:signal:group:AbC+dE/fG==", SessionKeyKind.Group)]
    [InlineData("agent:main:matrix:channel:!AbC:matrix.org", SessionKeyKind.Channel)]
    [InlineData("agent:main:telegram:direct:12345", SessionKeyKind.Direct)]
    [InlineData("agent:main:telegram:acct1:direct:12345", SessionKeyKind.Direct)]
    [InlineData("agent:main:direct:12345", SessionKeyKind.Direct)]
    [InlineData("agent:main:whatsapp:dm:+15551234567", SessionKeyKind.Direct)]
    [InlineData("agent:main:foo:bar", SessionKeyKind.Other)]
    [InlineData("agent:main", SessionKeyKind.Other)]
    [InlineData("", SessionKeyKind.Other)]
    public void Classifies_real_world_keys(string key, SessionKeyKind kind) =>
        SessionKeys.Classify(key).Should().Be(kind);

    [Fact]
    public void A_configured_main_key_is_main_too() =>
        SessionKeys.Classify("agent:work:home", mainKey: "Home").Should().Be(SessionKeyKind.Main);
}
