namespace SessionCloser.Fixtures;

/// <summary>
/// Decides which sessions exist: each agent's main session, then one of every other family (so small stores
/// still cover them all), then a weighted mix resembling a busy install (many cron runs and subagents).
/// </summary>
internal static class SessionPlanner
{
    public static readonly SessionKeyFamily[] CoverageFamilies =
    [
        SessionKeyFamily.Project, SessionKeyFamily.LegacyProject, SessionKeyFamily.Cron, SessionKeyFamily.CronRun,
        SessionKeyFamily.Subagent, SessionKeyFamily.TelegramTopic, SessionKeyFamily.Thread, SessionKeyFamily.DiscordChannel,
        SessionKeyFamily.Direct, SessionKeyFamily.ModelRun,
    ];

    private static readonly (int Weight, SessionKeyFamily Family)[] Mix =
    [
        (10, SessionKeyFamily.Project), (3, SessionKeyFamily.LegacyProject), (4, SessionKeyFamily.Cron), (25, SessionKeyFamily.CronRun),
        (20, SessionKeyFamily.Subagent), (6, SessionKeyFamily.TelegramTopic), (8, SessionKeyFamily.Thread), (6, SessionKeyFamily.DiscordChannel),
        (10, SessionKeyFamily.Direct), (8, SessionKeyFamily.ModelRun),
    ];

    public static List<PlannedKey> Plan(FixtureRandom random, SessionKeyFactory keys, IReadOnlyList<string> agentIds, int count)
    {
        var plan = new List<PlannedKey>(count);
        foreach (var agentId in agentIds.Take(count))
        {
            plan.Add(keys.Create(agentId, SessionKeyFamily.Main));
        }

        for (var k = 0; plan.Count < count && k < CoverageFamilies.Length; k++)
        {
            plan.Add(keys.Create(agentIds[k % agentIds.Count], CoverageFamilies[k]));
        }

        var totalWeight = Mix.Sum(m => m.Weight);
        while (plan.Count < count)
        {
            plan.Add(keys.Create(random.Pick(agentIds), PickWeighted(random.Between(1, totalWeight))));
        }

        return plan;
    }

    private static SessionKeyFamily PickWeighted(int ticket)
    {
        foreach (var (weight, family) in Mix)
        {
            ticket -= weight;
            if (ticket <= 0)
            {
                return family;
            }
        }

        return Mix[^1].Family;
    }
}
