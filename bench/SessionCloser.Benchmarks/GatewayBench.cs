using System.Diagnostics;
using System.Globalization;
using SessionCloser.Gateway;

namespace SessionCloser.Benchmarks;

/// <summary>
/// The bench program's gateway subcommands, used by bench/gateway.sh against a real OpenClaw gateway. Each one opens
/// ONE connection (token auth) and makes all its calls through it.
/// </summary>
internal static class GatewayBench
{
    /// <summary><c>sessions.create</c> for <c>PREFIX-001</c> … <c>PREFIX-COUNT</c>; prints "key TAB sessionId" lines.</summary>
    public static async Task<int> CreateSessionsAsync(string url, string token, string prefix, int count)
    {
        await using var client = await ConnectAsync(url, token);
        var started = Stopwatch.GetTimestamp();
        for (var i = 1; i <= count; i++)
        {
            var created = await client.CreateSessionAsync(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D3}"));
            Console.WriteLine($"{created.Key}\t{created.SessionId}");
        }

        Report($"created {count} sessions", started, client);
        return 0;
    }

    /// <summary>Prints every key the gateway lists (active and archived) that starts with PREFIX.</summary>
    public static async Task<int> ListKeysAsync(string url, string token, string prefix)
    {
        await using var client = await ConnectAsync(url, token);
        foreach (var archived in new[] { false, true })
        {
            var list = await client.ListSessionsAsync(new GatewayListOptions { Archived = archived });
            foreach (var row in list.Sessions.Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                Console.WriteLine(row.Key);
            }
        }

        return 0;
    }

    /// <summary>
    /// The raw client loop: <c>sessions.delete {key, deleteTranscript:true}</c> for each key, awaited one by one.
    /// Prints the loop's time; fails unless every key was deleted with its transcript archived.
    /// </summary>
    public static async Task<int> DeleteSessionsAsync(string url, string token, IReadOnlyList<string> keys)
    {
        await using var client = await ConnectAsync(url, token);
        var started = Stopwatch.GetTimestamp();
        var failed = 0;
        foreach (var key in keys)
        {
            var result = await client.DeleteSessionAsync(key);
            if (!result.Deleted || result.Archived.Count == 0)
            {
                Console.Error.WriteLine($"not deleted: {key} (deleted {result.Deleted}, {result.Archived.Count} archived)");
                failed++;
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"deleted {keys.Count - failed} of {keys.Count} in {seconds:F3} s (connect {client.ConnectDuration.TotalMilliseconds:F0} ms)"));
        return failed == 0 ? 0 : 1;
    }

    private static Task<GatewayClient> ConnectAsync(string url, string token) =>
        GatewayClient.ConnectAsync(new GatewayEndpoint(new Uri(url), [new GatewayCredential(GatewayCredentialKind.Token, token, "bench")]));

    private static void Report(string what, long started, GatewayClient client) =>
        Console.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{what} in {Stopwatch.GetElapsedTime(started).TotalSeconds:F3} s through one connection to OpenClaw {client.ServerVersion} (connect {client.ConnectDuration.TotalMilliseconds:F0} ms)"));
}
