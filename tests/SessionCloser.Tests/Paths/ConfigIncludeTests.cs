using AwesomeAssertions;
using SessionCloser.Config;
using SessionCloser.Errors;

namespace SessionCloser.Tests.Paths;

/// <summary>$include as OpenClaw 2026.7.35 processes it (includes.ts), so a store configured in an included file is found.</summary>
public sealed class ConfigIncludeTests : IDisposable
{
    private readonly TempSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private OpenClawConfig Load(string config) => OpenClawConfig.Load(_box.File("state/openclaw.json", config), _box.Env());

    [Fact]
    public void A_session_store_set_in_an_included_file_is_used()
    {
        _box.File("state/extra.json5", "{ session: { store: '/x/{agentId}/sessions.json' } }");

        var config = Load("{ logging: { level: 'info' }, $include: './extra.json5' }");

        config.SessionStore.Should().Be("/x/{agentId}/sessions.json");
        config.Root["logging"]!["level"]!.GetValue<string>().Should().Be("info");
    }

    [Fact]
    public void Sibling_keys_are_merged_over_the_included_object_and_arrays_concatenate()
    {
        _box.File("state/agents.json5", "{ list: [ { id: 'main', default: true } ], defaults: { model: 'a', other: 1 } }");

        var config = Load("{ agents: { $include: 'agents.json5', list: [ { id: 'project-lead' } ], defaults: { model: 'b' } } }");

        config.Agents.Select(a => a.Id).Should().Equal("main", "project-lead");
        config.Root["agents"]!["defaults"]!.ToJsonString().Should().Be("""{"model":"b","other":1}""");
    }

    [Fact]
    public void Array_includes_merge_in_order_and_nest()
    {
        _box.File("state/a.json5", "{ session: { store: 'first', mainKey: 'main' } }");
        _box.File("state/sub/b.json5", "{ $include: '../c.json5' }");
        _box.File("state/c.json5", "{ session: { store: 'second' } }");

        var config = Load("{ $include: ['a.json5', 'sub/b.json5'] }");

        config.SessionStore.Should().Be("second");
        config.RawMainKey.Should().Be("main");
    }

    [Fact]
    public void A_circular_include_is_a_clear_error()
    {
        _box.File("state/a.json5", "{ $include: 'b.json5' }");
        _box.File("state/b.json5", "{ $include: 'a.json5' }");

        var act = () => Load("{ $include: 'a.json5' }");

        act.Should().Throw<SessionCloserException>().Where(e => e.ExitCode == ExitCode.StoreError && e.Message.Contains("circular $include"));
    }

    [Fact]
    public void An_include_leaving_the_config_directory_is_refused_even_through_a_symlink()
    {
        _box.File("outside.json5", "{ session: { store: '/evil' } }");
        File.CreateSymbolicLink(Path.Join(_box.Dir("state"), "link.json5"), Path.Join(_box.Root, "outside.json5"));

        FluentActions.Invoking(() => Load("{ $include: '../outside.json5' }"))
            .Should().Throw<SessionCloserException>().Which.Message.Should().Contain("leaves the config directory");
        FluentActions.Invoking(() => Load("{ $include: 'link.json5' }"))
            .Should().Throw<SessionCloserException>().Which.Message.Should().Contain("leaves the config directory");
    }

    [Fact]
    public void A_missing_or_malformed_include_names_the_file()
    {
        FluentActions.Invoking(() => Load("{ $include: 'nope.json5' }"))
            .Should().Throw<SessionCloserException>().Which.Message.Should().Contain("nope.json5");
        _box.File("state/bad.json5", "{ nope");
        FluentActions.Invoking(() => Load("{ $include: 'bad.json5' }"))
            .Should().Throw<SessionCloserException>().Which.Message.Should().Contain("bad.json5").And.Contain("line 1");
    }
}
