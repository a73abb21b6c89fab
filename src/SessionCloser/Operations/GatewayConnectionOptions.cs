using SessionCloser.Errors;
using SessionCloser.Gateway;

namespace SessionCloser.Operations;

/// <summary>
/// How to reach the gateway, as <c>openclaw gateway call</c> takes it: <c>--url</c>, <c>--token</c>,
/// <c>--password</c>, <c>--timeout &lt;ms&gt;</c>. Unset values are resolved as OpenClaw does (environment, config).
/// </summary>
public sealed record GatewayConnectionOptions
{
    /// <summary>The largest <c>--timeout</c> accepted: one day.</summary>
    public static TimeSpan MaxTimeout => TimeSpan.FromDays(1);

    /// <summary>The wait for one write while the gateway stays alive, unless told otherwise.</summary>
    public static TimeSpan DefaultTimeout => GatewayClientOptions.DefaultWriteTimeout;

    /// <summary>The gateway's WebSocket URL (<c>--url</c>); needs <see cref="Token"/> or <see cref="Password"/>.</summary>
    public string? Url { get; init; }

    /// <summary>The gateway's token (else the config's, then <c>OPENCLAW_GATEWAY_TOKEN</c>).</summary>
    public string? Token { get; init; }

    /// <summary>The gateway's password (else the config's, then <c>OPENCLAW_GATEWAY_PASSWORD</c>).</summary>
    public string? Password { get; init; }

    /// <summary>
    /// The longest wait for one answer while the gateway stays alive (its ticks arrive): writes wait up to this, reads
    /// up to the smaller of this and 2 minutes. A gateway that stops ticking is noticed sooner, whatever this says.
    /// </summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Refuses a timeout out of range, by its flag.</summary>
    internal void Validate()
    {
        if (Timeout <= TimeSpan.Zero || Timeout > MaxTimeout)
        {
            throw new SessionCloserException(ExitCode.Usage, $"--timeout must be a number of milliseconds from 1 to {MaxTimeout.TotalMilliseconds:0}");
        }
    }

    /// <summary>Where the gateway is and which secrets to offer it.</summary>
    internal GatewayEndpoint Resolve(Config.OpenClawEnvironment env, Config.OpenClawConfig? config) =>
        GatewayEndpoint.Resolve(env, config, Token, Password, Url);

    /// <summary>
    /// The client's options for these waits. A gateway whose event loop is blocked (OpenClaw 2026.7.35 pruning and
    /// archiving hundreds of old sessions in the first write of a batch) sends no tick and accepts no connection for
    /// minutes, exactly like a stopped one; so after a silent connection is given up, reconnecting goes on for as long
    /// as the write was allowed to take, and then the gateway is asked what became of it.
    /// </summary>
    internal GatewayClientOptions Apply(GatewayClientOptions options) =>
        options with { WriteTimeout = Timeout, ReconnectBudget = Timeout > options.ReconnectBudget ? Timeout : options.ReconnectBudget };
}
