using SessionCloser.Artifacts;

namespace SessionCloser.Closing;

/// <summary>The result for one session or argument; each becomes one output line.</summary>
public enum OutcomeStatus
{
    /// <summary><c>CLOSED &lt;key&gt; sessionId=&lt;id&gt;</c> (with --dry-run: would be closed).</summary>
    Closed,

    /// <summary><c>NOT_FOUND &lt;argument&gt;</c>.</summary>
    NotFound,

    /// <summary><c>KEPT &lt;key&gt;</c> (keep-only).</summary>
    Kept,

    /// <summary><c>SKIPPED &lt;key&gt; &lt;reason&gt;</c>: refused, nothing of it changed.</summary>
    Skipped,
}

public sealed record SessionOutcome
{
    public required OutcomeStatus Status { get; init; }

    /// <summary>The session key; for <see cref="OutcomeStatus.NotFound"/>, the argument as typed.</summary>
    public required string Subject { get; init; }

    /// <summary>The argument that selected this session, when one did.</summary>
    public string? Argument { get; init; }

    public string? SessionId { get; init; }

    /// <summary>Every stored key that was closed with it (case variants of one session), in store order.</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    /// <summary>The same keys with the sessionId each one's own entry holds (variants are separate entries).</summary>
    public IReadOnlyList<KeyVariant> Variants { get; init; } = [];

    public string? Reason { get; init; }

    public IReadOnlyList<ArchivedFile> Files { get; init; } = [];

    /// <summary>The session's kind (a <see cref="Keys.SessionKindNames"/> name); set by selector runs.</summary>
    public string? Kind { get; init; }

    /// <summary>The newest variant's <c>updatedAt</c> (epoch ms); set by selector runs.</summary>
    public double? UpdatedAt { get; init; }
}

/// <summary>One stored key of a session and the sessionId its entry holds.</summary>
public sealed record KeyVariant(string Key, string? SessionId);
