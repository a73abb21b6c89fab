namespace SessionCloser.Fixtures;

/// <summary>What <see cref="StoreGenerator"/> builds. Every default is fixed, so equal options give identical bytes.</summary>
public sealed record StoreGeneratorOptions
{
    /// <summary>Sessions across all agents. Every key family and artifact kind appears once this reaches ~40.</summary>
    public int SessionCount { get; init; } = 200;

    /// <summary>Agent ids in config order; <c>main</c> (or else the first) is the default agent.</summary>
    public IReadOnlyList<string> AgentIds { get; init; } = ["project-lead", "main", "ops"];

    public int Seed { get; init; } = 1;

    /// <summary>The generation clock; timestamps are spread up to a year before it.</summary>
    public DateTimeOffset Now { get; init; } = new(2026, 9, 21, 12, 0, 0, TimeSpan.Zero);

    public int MinTranscriptBytes { get; init; } = 300;

    public int MaxTranscriptBytes { get; init; } = 4_000;

    /// <summary>False writes only stores, config and prompt blobs: fast, for store-only tests.</summary>
    public bool WriteTranscripts { get; init; } = true;

    /// <summary>Adds a few labels truncated mid-emoji (lone surrogates), which OpenClaw writes as <c>\ud83d</c>.</summary>
    public bool IncludeLoneSurrogates { get; init; } = true;

    /// <summary>When set, every non-main session's age is uniform in [0, MaxAge] instead of the year-long tail.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>False keeps every entry's transcript on disk (no "missing transcript" entries).</summary>
    public bool MissingTranscripts { get; init; } = true;

    /// <summary>False leaves <c>openclaw.json</c> alone (e.g. a sandbox that wrote its own).</summary>
    public bool WriteConfig { get; init; } = true;
}
