using SessionCloser.Keys;
using SessionCloser.Locking;
using SessionCloser.Transactions;
using SessionCloser.Undo;

namespace SessionCloser.Closing;

public enum CloseMode
{
    /// <summary>Close the sessions the arguments name.</summary>
    Close,

    /// <summary>Close every session of the agent except the ones the arguments name (and the protected ones).</summary>
    KeepOnly,
}

/// <summary>What to close in one agent's store, and how carefully.</summary>
internal sealed record CloseRequest
{
    /// <summary>The agent's <c>sessions.json</c> (eras A/B; in era C the path OpenClaw would use, kept in the operation record).</summary>
    public required string StorePath { get; init; }

    /// <summary>
    /// Where the sessions live from 2026.8 on (era C): the agent's <c>openclaw-agent.sqlite</c>, read-only, on this
    /// machine; null in eras A/B and for a gateway on another host.
    /// </summary>
    public string? DatabasePath { get; init; }

    /// <summary>
    /// A dry run's one read of <see cref="DatabasePath"/>, shared by its plan and its maintenance forecast; null when
    /// each reader reads on its own (a real run reads the database fresh).
    /// </summary>
    public Database.SharedSessionRead? DatabaseRead { get; init; }

    /// <summary>True from 2026.8 on (era C): sessions and transcripts live in SQLite, so no transcript file exists before the gateway archives one.</summary>
    public bool SessionsInDatabase { get; init; }

    /// <summary>The store as reports and messages name it: the database in era C, else <c>sessions.json</c>.</summary>
    public string ReportedStorePath => DatabasePath ?? StorePath;

    public required string AgentId { get; init; }

    public required CloseMode Mode { get; init; }

    /// <summary>Project ids or session keys, as the user typed them.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>The agent's main key (config <c>session.mainKey</c>, default <c>main</c>); its aliases are never closed.</summary>
    public string MainKey { get; init; } = MainSessionKeys.DefaultMainKey;

    public KeyCaseRules KeyRules { get; init; } = KeyCaseRules.PreserveOpaquePeerIds;

    /// <summary>Report the plan; change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Close sessions even while a run holds their transcript lock.</summary>
    public bool Force { get; init; }

    /// <summary>Close by archiving (<c>sessions.patch archived:true</c>, gateway 2026.7.1+) instead of deleting.</summary>
    public bool Archive { get; init; }

    /// <summary>keep-only: proceed even if a keep argument matches no session.</summary>
    public bool AllowMissing { get; init; }

    public int KeepBackups { get; init; } = StoreBackups.DefaultKeep;

    public TimeSpan LockTimeout { get; init; } = StoreLock.DefaultTimeout;

    /// <summary>
    /// A close by selectors: which sessions to pick (then <see cref="Arguments"/> is empty), or with
    /// <see cref="SelectorCriteria.Pins"/> a plan to carry out (the arguments are its keys); null for a close by name.
    /// </summary>
    public SelectorCriteria? Selector { get; init; }

    /// <summary>Told each outcome as it is known (a front end prints it at once); null when nobody listens.</summary>
    public IProgress<CloseProgress>? Progress { get; init; }

    /// <summary>Where and how to keep the operation record (the CLI always gives it); null keeps none.</summary>
    public OperationLogging? Logging { get; init; }

    /// <summary>A request that only chooses by selectors, for no store (<c>list</c>'s filter): nothing is read or closed with it.</summary>
    public static CloseRequest ForChoosing(string agentId, string mainKey, KeyCaseRules keyRules, SelectorCriteria criteria) => new()
    {
        StorePath = "",
        AgentId = agentId,
        Mode = CloseMode.Close,
        Arguments = [],
        MainKey = mainKey,
        KeyRules = keyRules,
        DryRun = true,
        Selector = criteria,
    };
}
