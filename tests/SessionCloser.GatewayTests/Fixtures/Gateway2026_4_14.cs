namespace SessionCloser.GatewayTests.Fixtures;

/// <summary>The last era-A release that grants no scopes to a client without a signed device identity (reference §5.2).</summary>
public sealed class Gateway2026_4_14 : RealGateway
{
    public override string Version => "2026.4.14";
}
