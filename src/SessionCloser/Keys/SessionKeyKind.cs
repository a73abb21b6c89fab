namespace SessionCloser.Keys;

/// <summary>
/// Key families, for listing and reporting. Follows OpenClaw 2026.7.35: sessions_list kinds
/// (main|group|cron|hook|node|other), the maintenance rules that treat subagent/acp/cron/hook/node/heartbeat keys
/// as synthetic and thread/topic/group/channel keys as conversations worth keeping, and the model-run probe shape.
/// </summary>
public enum SessionKeyKind
{
    /// <summary>Not a key at all (blank) or an agent prefix without a usable rest.</summary>
    Other = 0,
    Main,
    Global,
    Unknown,

    /// <summary><c>agent:&lt;id&gt;:&lt;project&gt;</c>: a single rest segment (session-closer's project ids).</summary>
    Project,

    /// <summary><c>agent:&lt;id&gt;:project-&lt;project&gt;</c>, the original session-closer spelling.</summary>
    LegacyProject,
    Cron,

    /// <summary><c>cron:&lt;job&gt;:run:&lt;run&gt;</c>, one isolated run of a cron job.</summary>
    CronRun,
    Subagent,
    Acp,
    Hook,
    Node,
    Heartbeat,

    /// <summary><c>explicit:model-run-&lt;uuid&gt;</c>, a Gateway model probe (pruned after a day by OpenClaw).</summary>
    ModelRun,

    /// <summary>Any other <c>explicit:…</c> key chosen by a client.</summary>
    Explicit,

    /// <summary>Anything with a <c>:thread:&lt;id&gt;</c> suffix (Slack, Discord, Matrix threads …).</summary>
    Thread,

    /// <summary>A forum topic, <c>…:topic:&lt;id&gt;</c> (Telegram).</summary>
    Topic,
    Group,
    Channel,

    /// <summary>A per-peer DM, <c>…:direct:&lt;peer&gt;</c> or <c>…:dm:&lt;peer&gt;</c>.</summary>
    Direct,
}
