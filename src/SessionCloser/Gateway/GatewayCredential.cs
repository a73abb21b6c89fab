namespace SessionCloser.Gateway;

/// <summary>Which field of the connect request's <c>auth</c> object a secret goes into.</summary>
internal enum GatewayCredentialKind
{
    /// <summary><c>auth.token</c> (gateway.auth.mode "token").</summary>
    Token,

    /// <summary><c>auth.password</c> (gateway.auth.mode "password").</summary>
    Password,
}

/// <summary>A shared secret for the gateway and where it came from (shown in messages; the value never is).</summary>
/// <param name="Kind">Token or password.</param>
/// <param name="Value">The secret.</param>
/// <param name="Source">E.g. "--token", "gateway.auth.token in /x/openclaw.json", "OPENCLAW_GATEWAY_TOKEN".</param>
internal sealed record GatewayCredential(GatewayCredentialKind Kind, string Value, string Source)
{
    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"{Kind} from {Source}";
}
