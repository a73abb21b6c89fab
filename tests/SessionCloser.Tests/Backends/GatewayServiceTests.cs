using AwesomeAssertions;
using SessionCloser.Installation;
using SessionCloser.Tests.Paths;

namespace SessionCloser.Tests.Backends;

/// <summary>
/// The command a refusal names to start the gateway, as OpenClaw 2026.9.6 installs its service on Linux
/// (<c>~/.config/systemd/user/openclaw-gateway[-&lt;profile&gt;].service</c>, <c>OPENCLAW_SYSTEMD_UNIT</c>).
/// </summary>
public sealed class GatewayServiceTests : IDisposable
{
    private readonly TempSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Without_a_service_the_gateway_is_run_in_the_terminal()
    {
        var environment = _sandbox.Env();

        GatewayService.StartCommand(environment, Location(environment)).Should().Be("openclaw gateway");
    }

    [Fact]
    public void An_installed_service_is_started()
    {
        _sandbox.File("home/.config/systemd/user/openclaw-gateway.service", "[Unit]\n");
        var environment = _sandbox.Env();

        GatewayService.StartCommand(environment, Location(environment)).Should().Be("openclaw gateway start");
    }

    [Theory]
    [InlineData("openclaw-gateway-work.service", "openclaw --profile work gateway start")]
    [InlineData("openclaw-gateway.service", "openclaw --profile work gateway")]
    public void A_profile_has_its_own_service_and_is_named(string unit, string expected)
    {
        _sandbox.File($"home/.config/systemd/user/{unit}", "[Unit]\n");
        var environment = _sandbox.Env();

        GatewayService.StartCommand(environment, StateLocation.Resolve(environment, null, "work")).Should().Be(expected);
    }

    [Fact]
    public void A_unit_named_by_OPENCLAW_SYSTEMD_UNIT_counts_and_a_state_dir_option_is_spelled_out()
    {
        _sandbox.File("home/.config/systemd/user/my-gateway.service", "[Unit]\n");
        var environment = _sandbox.Env(("OPENCLAW_SYSTEMD_UNIT", "my-gateway.service"));
        var stateDir = _sandbox.Dir("state");

        GatewayService.StartCommand(environment, StateLocation.Resolve(environment, stateDir, null)).Should().Be($"OPENCLAW_STATE_DIR={stateDir} openclaw gateway start");
    }

    private static StateLocation Location(Config.OpenClawEnvironment environment) => StateLocation.Resolve(environment, null, null);
}
