namespace SessionCloser.Inventory;

/// <summary>What a file in an agent's sessions directory is, to a person deciding what to clean up.</summary>
internal enum FileClass
{
    /// <summary>The store itself (<c>sessions.json</c>).</summary>
    Store,

    /// <summary>A session file (transcript, topic, fork, checkpoint, trajectory sidecar) an entry still references.</summary>
    LiveTranscript,

    /// <summary>A session file by OpenClaw's naming rules that no entry references.</summary>
    OrphanTranscript,

    /// <summary><c>&lt;file&gt;.deleted|reset|bak.&lt;stamp&gt;</c> (and 2026.9.6's <c>.zst</c> exports).</summary>
    Archive,

    /// <summary>A copy of the store: session-closer's, the original scripts', OpenClaw's <c>sessions.json.bak.&lt;ms&gt;</c>, or another <c>&lt;store&gt;.bak…</c>.</summary>
    StoreBackup,

    /// <summary>A lock file (<c>sessions.json.lock</c>, <c>&lt;transcript&gt;.lock</c>), live or stale.</summary>
    Lock,

    /// <summary>A temp file of an atomic write of the store, its journal or a backup (OpenClaw's or session-closer's).</summary>
    Temp,

    /// <summary>session-closer's write-ahead journal: an interrupted run the next run finishes. Never anyone's to delete.</summary>
    Journal,

    /// <summary><c>skills-prompts/sha256/&lt;hh&gt;/&lt;sha256&gt;.txt</c>: shared, content-addressed, pruned by OpenClaw itself.</summary>
    SkillPromptBlob,

    /// <summary>2026.9.6's <c>cold/</c> transcript payloads: authoritative history, never disposable.</summary>
    ColdTranscript,

    /// <summary>A symbolic link: reported, never followed.</summary>
    Symlink,

    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>Who made an archive or a store backup.</summary>
internal enum FileMaker
{
    /// <summary>OpenClaw (its deletes, resets, maintenance, <c>sessions.json.bak.&lt;ms&gt;</c> rotation).</summary>
    OpenClaw,

    /// <summary>session-closer: named by a record of its operation log, or a <c>sessions.json.bak-&lt;stamp&gt;</c> backup.</summary>
    SessionCloser,

    /// <summary>The original close scripts: <c>.bak-batch-…</c>, <c>.bak-keep-only-…</c>, <c>.bak-close-…</c>.</summary>
    OriginalScripts,

    /// <summary>Someone else (a <c>&lt;store&gt;.bak…</c> copy no known tool names so).</summary>
    Unknown,
}
