using System.CommandLine;
using SessionCloser.Operations;

namespace SessionCloser.Cli.Commands;

/// <summary>
/// <c>--url</c>, <c>--token</c>, <c>--password</c>, <c>--timeout &lt;ms&gt;</c>: how every command that may talk to the
/// gateway reaches it, named, spelled and in the unit of <c>openclaw gateway call</c>.
/// </summary>
internal sealed class GatewayFlags
{
    private readonly Option<string?> _url = new("--url")
    {
        Description = "The gateway's WebSocket URL (default: OPENCLAW_GATEWAY_URL, gateway.remote.url in remote mode, else ws://127.0.0.1:<gateway.port>). Needs --token or --password: the config's secrets are never sent to it.",
        HelpName = "url",
    };

    private readonly Option<string?> _token = new("--token")
    {
        Description = "The gateway's token (default: the config's gateway.auth.token, then OPENCLAW_GATEWAY_TOKEN).",
        HelpName = "token",
    };

    private readonly Option<string?> _password = new("--password")
    {
        Description = "The gateway's password (default: the config's gateway.auth.password, then OPENCLAW_GATEWAY_PASSWORD).",
        HelpName = "password",
    };

    private readonly Option<double> _timeout = new("--timeout")
    {
        Description = "Timeout in ms for one gateway answer while the gateway is alive (it ticks every 30 s; one that stops is noticed without waiting for this). Reads wait at most 2 minutes.",
        DefaultValueFactory = _ => GatewayConnectionOptions.DefaultTimeout.TotalMilliseconds,
        HelpName = "ms",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_url);
        command.Options.Add(_token);
        command.Options.Add(_password);
        command.Options.Add(_timeout);
    }

    public GatewayConnectionOptions Read(ParseResult result) => new()
    {
        Url = result.GetValue(_url),
        Token = result.GetValue(_token),
        Password = result.GetValue(_password),
        Timeout = Milliseconds(result.GetValue(_timeout)),
    };

    /// <summary>Milliseconds as typed; NaN, infinities and huge values become spans the engine refuses by name.</summary>
    private static TimeSpan Milliseconds(double ms) =>
        double.IsFinite(ms) && ms > 0 && ms <= GatewayConnectionOptions.MaxTimeout.TotalMilliseconds ? TimeSpan.FromMilliseconds(ms) : TimeSpan.Zero;
}
