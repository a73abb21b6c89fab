using AwesomeAssertions;
using SessionCloser.Config;
using SessionCloser.Installation;

namespace SessionCloser.Tests.Paths;

public sealed class OpenClawHomeTests : IDisposable
{
    private readonly TempSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public void HOME_is_the_effective_home_by_default() =>
        OpenClawHome.ResolveEffectiveHome(_box.Env()).Should().Be(_box.Home);

    [Fact]
    public void OPENCLAW_HOME_wins_over_HOME()
    {
        var custom = _box.Dir("custom");
        OpenClawHome.ResolveEffectiveHome(_box.Env(("OPENCLAW_HOME", custom))).Should().Be(custom);
    }

    [Theory]
    [InlineData("~", "")]
    [InlineData("~/oc", "oc")]
    [InlineData("~\\oc", "\\oc")]
    public void OPENCLAW_HOME_starting_with_tilde_means_the_OS_home(string value, string suffix) =>
        OpenClawHome.ResolveEffectiveHome(_box.Env(("OPENCLAW_HOME", value)))
            .Should().Be(value == "~\\oc" ? _box.Home + suffix : Path.Join(_box.Home, suffix).TrimEnd('/'));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("undefined")]
    [InlineData(" null ")]
    public void Blank_or_stringified_null_OPENCLAW_HOME_is_ignored(string value) =>
        OpenClawHome.ResolveEffectiveHome(_box.Env(("OPENCLAW_HOME", value))).Should().Be(_box.Home);

    [Fact]
    public void OPENCLAW_HOME_is_trimmed_and_made_absolute_against_the_working_directory() =>
        OpenClawHome.ResolveEffectiveHome(_box.Env(("OPENCLAW_HOME", "  rel/home/ ")))
            .Should().Be(Path.Join(_box.Cwd, "rel", "home"));

    [Fact]
    public void Tilde_user_in_OPENCLAW_HOME_is_not_expanded() =>
        OpenClawHome.ResolveEffectiveHome(_box.Env(("OPENCLAW_HOME", "~bob")))
            .Should().Be(Path.Join(_box.Cwd, "~bob"));

    [Fact]
    public void USERPROFILE_is_used_when_HOME_is_blank()
    {
        var profile = _box.Dir("profile");
        OpenClawHome.ResolveEffectiveHome(_box.Env(("HOME", " "), ("USERPROFILE", profile))).Should().Be(profile);
    }

    [Fact]
    public void The_OS_home_is_the_last_resort() =>
        OpenClawHome.ResolveEffectiveHome(_box.Env(("HOME", null))).Should().Be(Path.Join(_box.Root, "os-home"));

    [Fact]
    public void Termux_prefix_gives_the_termux_home() =>
        OpenClawHome.ResolveOsHome(_box.Env(
                ("HOME", null),
                ("PREFIX", "/data/data/com.termux/files/usr"),
                ("ANDROID_DATA", "/data")))
            .Should().Be("/data/data/com.termux/files/home");

    [Fact]
    public void Without_any_home_the_required_home_is_the_working_directory()
    {
        var env = new OpenClawEnvironment(new Dictionary<string, string>(), null, _box.Cwd);
        OpenClawHome.ResolveEffectiveHome(env).Should().BeNull();
        OpenClawHome.ResolveRequiredHome(env).Should().Be(_box.Cwd);
    }

    [Fact]
    public void Tilde_in_OPENCLAW_HOME_without_any_OS_home_falls_back_to_the_working_directory()
    {
        var env = new OpenClawEnvironment(new Dictionary<string, string> { ["OPENCLAW_HOME"] = "~/x" }, null, _box.Cwd);
        OpenClawHome.ResolveRequiredHome(env).Should().Be(_box.Cwd);
    }

    [Theory]
    [InlineData("~", "H")]
    [InlineData("~/a/b", "H/a/b")]
    [InlineData("~\\a", "H\\a")]
    [InlineData("~a", "~a")]
    [InlineData("a/~", "a/~")]
    public void ExpandHomePrefix_only_replaces_a_lone_leading_tilde(string input, string expected) =>
        OpenClawHome.ExpandHomePrefix(input, "H").Should().Be(expected);

    [Fact]
    public void ResolveUserPath_expands_tilde_with_OPENCLAW_HOME_and_normalizes()
    {
        var custom = _box.Dir("custom");
        OpenClawHome.ResolveUserPath("  ~/state/../s2/ ", _box.Env(("OPENCLAW_HOME", custom)))
            .Should().Be(Path.Join(custom, "s2"));
    }

    [Fact]
    public void ResolveUserPath_keeps_blank_input_blank() =>
        OpenClawHome.ResolveUserPath("   ", _box.Env()).Should().BeEmpty();

    [Fact]
    public void Get_trims_like_JavaScript_and_treats_blank_as_unset()
    {
        var env = _box.Env(("A", "\uFEFF x \u2028"), ("B", " \t "));
        env.Get("A").Should().Be("x");
        env.Get("B").Should().BeNull();
        env.GetRaw("B").Should().Be(" \t ");
        env.Get("MISSING").Should().BeNull();
    }

    [Fact]
    public void FromProcess_snapshots_the_environment()
    {
        var env = OpenClawEnvironment.FromProcess();
        env.GetRaw("PATH").Should().Be(Environment.GetEnvironmentVariable("PATH"));
        env.CurrentDirectory.Should().Be(Environment.CurrentDirectory);
    }
}
