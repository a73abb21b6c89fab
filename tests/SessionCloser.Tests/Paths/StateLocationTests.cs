using AwesomeAssertions;
using SessionCloser.Errors;
using SessionCloser.Installation;

namespace SessionCloser.Tests.Paths;

public sealed class StateLocationTests : IDisposable
{
    private readonly TempSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private string HomePath(params string[] parts) => Path.Join([_box.Home, .. parts]);

    [Fact]
    public void Default_is_dot_openclaw_under_home_even_when_nothing_exists()
    {
        var location = StateLocation.Resolve(_box.Env(), null, null);
        location.StateDir.Should().Be(HomePath(".openclaw"));
        location.StateDirSource.Should().Be(StateDirSource.Default);
        location.ConfigPath.Should().Be(HomePath(".openclaw", "openclaw.json"));
        location.ConfigPathSource.Should().Be(ConfigPathSource.StateDirectory);
        location.AgentsDir.Should().Be(HomePath(".openclaw", "agents"));
    }

    [Fact]
    public void Legacy_clawdbot_is_used_only_when_dot_openclaw_is_absent()
    {
        _box.Dir("home", ".clawdbot");
        var legacy = StateLocation.Resolve(_box.Env(), null, null);
        legacy.StateDir.Should().Be(HomePath(".clawdbot"));
        legacy.StateDirSource.Should().Be(StateDirSource.Legacy);
        legacy.StateDirReason.Should().Contain("legacy");

        _box.Dir("home", ".openclaw");
        var current = StateLocation.Resolve(_box.Env(), null, null);
        current.StateDir.Should().Be(HomePath(".openclaw"));
        current.StateDirSource.Should().Be(StateDirSource.Default);
    }

    [Fact]
    public void OPENCLAW_TEST_FAST_skips_the_legacy_probe()
    {
        _box.Dir("home", ".clawdbot");
        StateLocation.Resolve(_box.Env(("OPENCLAW_TEST_FAST", "1")), null, null).StateDir.Should().Be(HomePath(".openclaw"));
    }

    [Fact]
    public void OPENCLAW_HOME_moves_the_default_state_dir()
    {
        var custom = _box.Dir("custom");
        StateLocation.Resolve(_box.Env(("OPENCLAW_HOME", custom)), null, null).StateDir
            .Should().Be(Path.Join(custom, ".openclaw"));
    }

    [Fact]
    public void OPENCLAW_STATE_DIR_is_trimmed_and_tilde_expanded_with_OPENCLAW_HOME()
    {
        var custom = _box.Dir("custom");
        var location = StateLocation.Resolve(_box.Env(("OPENCLAW_HOME", custom), ("OPENCLAW_STATE_DIR", "  ~/st ")), null, null);
        location.StateDir.Should().Be(Path.Join(custom, "st"));
        location.StateDirSource.Should().Be(StateDirSource.EnvironmentVariable);
        location.ConfigPath.Should().Be(Path.Join(custom, "st", "openclaw.json"));
    }

    [Fact]
    public void Relative_OPENCLAW_STATE_DIR_resolves_against_the_working_directory() =>
        StateLocation.Resolve(_box.Env(("OPENCLAW_STATE_DIR", "state")), null, null).StateDir
            .Should().Be(Path.Join(_box.Cwd, "state"));

    [Fact]
    public void Blank_OPENCLAW_STATE_DIR_is_ignored()
    {
        var location = StateLocation.Resolve(_box.Env(("OPENCLAW_STATE_DIR", "  ")), null, null);
        location.StateDir.Should().Be(HomePath(".openclaw"));
        location.StateDirSource.Should().Be(StateDirSource.Default);
    }

    [Fact]
    public void State_dir_option_wins_over_OPENCLAW_STATE_DIR_and_profile()
    {
        var location = StateLocation.Resolve(_box.Env(("OPENCLAW_STATE_DIR", "/env")), " ~/opt ", "work");
        location.StateDir.Should().Be(HomePath("opt"));
        location.StateDirSource.Should().Be(StateDirSource.Option);
        location.StateDirReason.Should().Be("--state-dir");
    }

    [Fact]
    public void Blank_state_dir_option_is_a_usage_error() =>
        FluentActions.Invoking(() => StateLocation.Resolve(_box.Env(), " ", null))
            .Should().Throw<SessionCloserException>().Which.ExitCode.Should().Be(ExitCode.Usage);

    [Fact]
    public void OPENCLAW_STATE_DIR_wins_over_profile_but_profile_still_pins_the_config_file()
    {
        var location = StateLocation.Resolve(_box.Env(("OPENCLAW_STATE_DIR", "/env-state")), null, "work");
        location.StateDir.Should().Be("/env-state");
        location.StateDirSource.Should().Be(StateDirSource.EnvironmentVariable);
        location.ConfigPath.Should().Be("/env-state/openclaw.json");
        location.ConfigPathSource.Should().Be(ConfigPathSource.Profile);
    }

    [Theory]
    [InlineData("work", ".openclaw-work")]
    [InlineData("Work_2", ".openclaw-Work_2")]
    [InlineData("default", ".openclaw")]
    [InlineData("DEFAULT", ".openclaw")]
    public void Profile_selects_a_suffixed_state_dir(string profile, string dirName)
    {
        _box.Dir("home", ".openclaw", "placeholder");
        var location = StateLocation.Resolve(_box.Env(), null, profile);
        location.StateDir.Should().Be(HomePath(dirName));
        location.StateDirSource.Should().Be(StateDirSource.Profile);
        location.Profile.Should().Be(profile);
        location.ConfigPath.Should().Be(HomePath(dirName, "openclaw.json"));
        location.ConfigPathSource.Should().Be(ConfigPathSource.Profile);
    }

    [Fact]
    public void Profile_ignores_the_legacy_dir_and_legacy_config_names()
    {
        _box.File("home/.clawdbot/clawdbot.json");
        _box.File("home/.openclaw-x/clawdbot.json");
        var location = StateLocation.Resolve(_box.Env(), null, "x");
        location.StateDir.Should().Be(HomePath(".openclaw-x"));
        location.ConfigPath.Should().Be(HomePath(".openclaw-x", "openclaw.json"));
    }

    [Fact]
    public void OPENCLAW_PROFILE_alone_does_not_move_the_state_dir() =>
        StateLocation.Resolve(_box.Env(("OPENCLAW_PROFILE", "work")), null, null).StateDir.Should().Be(HomePath(".openclaw"));

    [Theory]
    [InlineData("")]
    [InlineData(" work")]
    [InlineData("-work")]
    [InlineData("a/b")]
    [InlineData("wörk")]
    [InlineData("work\n")]
    public void Invalid_profiles_are_usage_errors(string profile) =>
        FluentActions.Invoking(() => StateLocation.Resolve(_box.Env(), null, profile))
            .Should().Throw<SessionCloserException>().Which.ExitCode.Should().Be(ExitCode.Usage);

    [Fact]
    public void Profile_names_allow_64_characters_and_no_more()
    {
        ProfileNames.IsValid(new string('a', 64)).Should().BeTrue();
        ProfileNames.IsValid(new string('a', 65)).Should().BeFalse();
    }

    [Fact]
    public void OPENCLAW_CONFIG_PATH_wins_and_is_tilde_expanded()
    {
        var location = StateLocation.Resolve(_box.Env(("OPENCLAW_CONFIG_PATH", " ~/cfg/my.json5 ")), null, "work");
        location.ConfigPath.Should().Be(HomePath("cfg", "my.json5"));
        location.ConfigPathSource.Should().Be(ConfigPathSource.EnvironmentVariable);
        location.StateDir.Should().Be(HomePath(".openclaw-work"));
    }

    [Fact]
    public void Blank_OPENCLAW_CONFIG_PATH_is_ignored() =>
        StateLocation.Resolve(_box.Env(("OPENCLAW_CONFIG_PATH", " ")), null, null).ConfigPathSource
            .Should().Be(ConfigPathSource.StateDirectory);

    [Fact]
    public void Legacy_config_name_is_used_when_openclaw_json_is_absent()
    {
        _box.File("home/.openclaw/clawdbot.json");
        var location = StateLocation.Resolve(_box.Env(), null, null);
        location.ConfigPath.Should().Be(HomePath(".openclaw", "clawdbot.json"));
        location.ConfigPathSource.Should().Be(ConfigPathSource.LegacyFileName);

        _box.File("home/.openclaw/openclaw.json");
        StateLocation.Resolve(_box.Env(), null, null).ConfigPath.Should().Be(HomePath(".openclaw", "openclaw.json"));
    }

    [Fact]
    public void Legacy_config_name_is_also_honoured_inside_OPENCLAW_STATE_DIR()
    {
        var state = _box.Dir("s");
        _box.File("s/clawdbot.json");
        StateLocation.Resolve(_box.Env(("OPENCLAW_STATE_DIR", state)), null, null).ConfigPath
            .Should().Be(Path.Join(state, "clawdbot.json"));
    }

    [Fact]
    public void Without_overrides_a_config_left_in_the_legacy_dir_is_found()
    {
        _box.Dir("home", ".openclaw");
        _box.File("home/.clawdbot/openclaw.json");
        var location = StateLocation.Resolve(_box.Env(), null, null);
        location.StateDir.Should().Be(HomePath(".openclaw"));
        location.ConfigPath.Should().Be(HomePath(".clawdbot", "openclaw.json"));
        location.ConfigPathSource.Should().Be(ConfigPathSource.OtherDefaultDirectory);
    }

    [Fact]
    public void With_OPENCLAW_STATE_DIR_the_default_dirs_are_not_searched_for_a_config()
    {
        _box.File("home/.openclaw/openclaw.json");
        var state = _box.Dir("s");
        StateLocation.Resolve(_box.Env(("OPENCLAW_STATE_DIR", state)), null, null).ConfigPath
            .Should().Be(Path.Join(state, "openclaw.json"));
    }
}
