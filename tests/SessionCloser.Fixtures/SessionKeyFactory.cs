using System.Globalization;

namespace SessionCloser.Fixtures;

/// <summary>One planned key: its family plus the parts entries and transcripts need (topic, parent, channel ids).</summary>
internal sealed record PlannedKey(string AgentId, string Key, SessionKeyFamily Family, string? TopicId = null, string? ParentKey = null, string? Peer = null);

/// <summary>Builds unique, lowercase session keys for every family OpenClaw uses.</summary>
internal sealed class SessionKeyFactory(FixtureRandom random)
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _cronJobsByAgent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _parentsByAgent = new(StringComparer.Ordinal);
    private int _counter;

    public PlannedKey Create(string agentId, SessionKeyFamily family)
    {
        while (true)
        {
            var planned = Candidate(agentId, family);
            if (_used.Add(planned.Key))
            {
                Remember(planned);
                return planned;
            }
        }
    }

    private PlannedKey Candidate(string agentId, SessionKeyFamily family)
    {
        var prefix = $"agent:{agentId}:";
        var n = (++_counter).ToString(CultureInfo.InvariantCulture);
        switch (family)
        {
            case SessionKeyFamily.Main:
                return new(agentId, prefix + "main", family);
            case SessionKeyFamily.Project:
                return new(agentId, prefix + random.Pick(FixtureText.ProjectIds) + "-" + n, family);
            case SessionKeyFamily.LegacyProject:
                return new(agentId, prefix + "project-" + random.Pick(FixtureText.ProjectIds) + "-" + n, family);
            case SessionKeyFamily.Cron:
                return new(agentId, prefix + "cron:" + random.Pick(FixtureText.CronJobs) + "-" + random.Hex(6), family);
            case SessionKeyFamily.CronRun:
                var job = _cronJobsByAgent.TryGetValue(agentId, out var jobs) ? random.Pick(jobs) : prefix + "cron:" + random.Pick(FixtureText.CronJobs) + "-" + random.Hex(6);
                return new(agentId, job + ":run:" + random.Uuid(), family, ParentKey: job);
            case SessionKeyFamily.Subagent:
                var parent = _parentsByAgent.TryGetValue(agentId, out var parents) ? random.Pick(parents) : prefix + "main";
                return new(agentId, prefix + "subagent:" + random.Uuid(), family, ParentKey: parent);
            case SessionKeyFamily.TelegramTopic:
                var topic = random.Chance(0.85) ? random.Between(2, 5000).ToString(CultureInfo.InvariantCulture) : random.Pick(FixtureText.TopicIds);
                return new(agentId, prefix + "telegram:group:-100" + random.Between(100, 999).ToString(CultureInfo.InvariantCulture) + ":topic:" + topic, family, TopicId: topic);
            case SessionKeyFamily.Thread:
                var ts = random.Between(1_700_000_000L, 1_790_000_000L).ToString(CultureInfo.InvariantCulture) + "." + random.Between(100, 999).ToString(CultureInfo.InvariantCulture);
                return new(agentId, prefix + "slack:channel:c" + random.Hex(8) + ":thread:" + ts, family, Peer: ts);
            case SessionKeyFamily.DiscordChannel:
                return new(agentId, prefix + "discord:channel:" + random.Between(100_000_000_000L, 999_999_999_999L).ToString(CultureInfo.InvariantCulture), family);
            case SessionKeyFamily.Direct:
                var peer = random.Chance(0.5) ? random.Between(10_000_000L, 9_999_999_999L).ToString(CultureInfo.InvariantCulture) : "+49151" + random.Between(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
                return new(agentId, prefix + "direct:" + peer, family, Peer: peer);
            case SessionKeyFamily.ModelRun:
                return new(agentId, prefix + "explicit:model-run-" + random.Uuid(), family);
            default:
                throw new ArgumentOutOfRangeException(nameof(family), family, null);
        }
    }

    private void Remember(PlannedKey planned)
    {
        if (planned.Family == SessionKeyFamily.Cron)
        {
            Add(_cronJobsByAgent, planned.AgentId, planned.Key);
        }
        else if (planned.Family is SessionKeyFamily.Main or SessionKeyFamily.Project or SessionKeyFamily.LegacyProject)
        {
            Add(_parentsByAgent, planned.AgentId, planned.Key);
        }
    }

    private static void Add(Dictionary<string, List<string>> map, string agentId, string key)
    {
        if (!map.TryGetValue(agentId, out var list))
        {
            map[agentId] = list = [];
        }

        list.Add(key);
    }
}
