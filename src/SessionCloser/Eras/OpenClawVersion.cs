using System.Globalization;

namespace SessionCloser.Eras;

/// <summary>
/// An OpenClaw calendar version (<c>2026.7.35</c>, <c>2026.7.2-beta.1</c>), compared as numbers, never as text
/// (<c>"2026.10"</c> sorts before <c>"2026.8"</c> as a string).
/// </summary>
internal sealed record OpenClawVersion(int Year, int Month, int Patch, string? Prerelease)
{
    public static OpenClawVersion? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim().TrimStart('v');
        var dash = trimmed.IndexOf('-', StringComparison.Ordinal);
        var core = dash < 0 ? trimmed : trimmed[..dash];
        var parts = core.Split('.');
        if (parts.Length != 3 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            return null;
        }

        return new OpenClawVersion(
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            int.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture),
            dash < 0 ? null : trimmed[(dash + 1)..]);
    }

    /// <summary>The storage era this version writes (see the storage reference, section 0).</summary>
    public StorageEra Era => (Year, Month) switch
    {
        ( < 2026, _) => StorageEra.LockedJsonFile,
        (2026, <= 4) => StorageEra.LockedJsonFile,
        (2026, <= 6) => StorageEra.JsonFile,
        (2026, 7) when Prerelease is not null && Patch >= 2 && Patch < 35 => StorageEra.SqliteBehindGateway, // 2026.7.2-beta.1 and later prereleases moved to SQLite
        (2026, 7) => StorageEra.JsonFile,
        _ => StorageEra.SqliteBehindGateway,
    };

    /// <summary>
    /// True when this release comes before <c>year.month.patch</c>, compared as numbers. A prerelease counts as its
    /// release: feature gates in OpenClaw's protocol follow the version line, not the beta suffix.
    /// </summary>
    public bool IsBefore(int year, int month, int patch) => (Year, Month, Patch).CompareTo((year, month, patch)) < 0;

    public override string ToString() => Prerelease is null ? $"{Year}.{Month}.{Patch}" : $"{Year}.{Month}.{Patch}-{Prerelease}";
}
