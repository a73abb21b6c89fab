using System.Globalization;

namespace SessionCloser.Gateway;

/// <summary>Request ids for one client, unique across its connections: "sc-1", "sc-2", … (connect requests included).</summary>
internal sealed class RequestIds
{
    private long _last;

    public string Next() => "sc-" + Interlocked.Increment(ref _last).ToString(CultureInfo.InvariantCulture);
}
