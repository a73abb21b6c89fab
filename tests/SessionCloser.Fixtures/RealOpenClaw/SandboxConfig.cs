using System.Text.Json.Nodes;

namespace SessionCloser.Fixtures.RealOpenClaw;

/// <summary>The <c>openclaw.json</c> every sandbox writes, for each pinned version.</summary>
internal static class SandboxConfig
{
    /// <summary>
    /// The sandbox's agents, the log inside the sandbox, heartbeats off (so a gateway never writes a session on its own),
    /// no update check, no mDNS; optionally <c>session.maintenance</c> and a gateway (loopback, the port, token auth).
    /// </summary>
    public static JsonObject Build(string version, string logFile, JsonObject? maintenance, (int Port, string Token)? gateway, IReadOnlyList<string>? agents = null, JsonObject? cron = null)
    {
        agents ??= OpenClawSandbox.Agents;
        var config = new JsonObject
        {
            ["agents"] = new JsonObject
            {
                ["defaults"] = new JsonObject { ["heartbeat"] = new JsonObject { ["every"] = "0m" } },
                ["list"] = new JsonArray([.. agents.Select(id => Agent(id, id == agents[0]))]),
            },
            ["logging"] = new JsonObject { ["file"] = logFile },
            ["update"] = new JsonObject { ["checkOnStart"] = false },
            ["discovery"] = new JsonObject { ["mdns"] = new JsonObject { ["mode"] = "off" } },
        };
        if (maintenance is not null)
        {
            config["session"] = new JsonObject { ["maintenance"] = maintenance.DeepClone() };
        }

        if (cron is not null)
        {
            config["cron"] = cron.DeepClone();
        }

        if (gateway is var (port, token))
        {
            config["gateway"] = new JsonObject
            {
                ["mode"] = "local",
                ["bind"] = "loopback",
                ["port"] = port,
                ["auth"] = new JsonObject { ["mode"] = "token", ["token"] = token },
            };
        }

        if (version == OpenClawInstall.EraC)
        {
            // 2026.9.6 would refresh the model catalog over the network; 2026.7.35 rejects this key.
            config["models"] = new JsonObject { ["catalogRefresh"] = new JsonObject { ["enabled"] = false } };
        }

        return config;
    }

    private static JsonObject Agent(string id, bool isDefault) =>
        isDefault ? new JsonObject { ["id"] = id, ["default"] = true } : new JsonObject { ["id"] = id };
}
