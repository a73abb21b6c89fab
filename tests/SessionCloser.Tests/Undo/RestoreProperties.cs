using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SessionCloser.Closing;
using SessionCloser.Eras;
using SessionCloser.Fixtures;
using SessionCloser.Undo;

namespace SessionCloser.Tests.Undo;

/// <summary>
/// For realistic generated stores (every key family, unicode, lone surrogates, exotic numbers, integer-like plugin
/// keys, every artifact kind) and any selection of sessions, closed or kept: restoring the operation on the untouched
/// result gives the original store back byte for byte and every file back under its name.
/// </summary>
public class RestoreProperties
{
    [Property(MaxTest = 25)]
    public Property Close_then_restore_gives_back_the_original_store_and_files_byte_for_byte() => Prop.ForAll(
        Gen.Choose(1, 1_000_000).ToArbitrary(),
        Gen.Choose(0, 100).ToArbitrary(),
        Gen.Elements(CloseMode.Close, CloseMode.KeepOnly).ToArbitrary(),
        (seed, percent, mode) =>
        {
            var root = Directory.CreateTempSubdirectory("sc-undo-prop-").FullName;
            try
            {
                var state = StoreGenerator.Generate(Path.Join(root, "state"), new StoreGeneratorOptions { SessionCount = 40, AgentIds = ["project-lead"], Seed = seed });
                var agent = state.Agent("project-lead");
                var random = new Random(seed);
                var chosen = state.Sessions.Where(s => s.Family != SessionKeyFamily.Main && random.Next(100) < percent).Select(s => s.Key).ToList();
                var before = DirectorySnapshot.Take(agent.SessionsDir);
                var logging = new OperationLogging(state.StateDir, ["property"], StorageEra.JsonFile);

                var close = new FileCloser(TimeProvider.System).Close(new CloseRequest
                {
                    StorePath = agent.StorePath,
                    AgentId = "project-lead",
                    Mode = mode,
                    Arguments = chosen.Count > 0 ? chosen : ["nothing-at-all"],
                    AllowMissing = true,
                    Force = true,
                    Logging = logging,
                });
                if (close.OperationId is null)
                {
                    return (DirectorySnapshot.Take(agent.SessionsDir).DiffTo(before).Count == 0).Label("a run that closed nothing changed nothing");
                }

                var restore = new FileRestorer(TimeProvider.System).Restore(new RestoreRequest
                {
                    StorePath = agent.StorePath,
                    AgentId = "project-lead",
                    OperationId = close.OperationId,
                    Logging = logging,
                });
                var after = DirectorySnapshot.Take(agent.SessionsDir);
                var differences = before.DiffTo(after).Where(d => !d.Contains(".bak-", StringComparison.Ordinal)).ToList();
                return (differences.Count == 0).Label("the sessions directory is as before, backups aside: " + string.Join("; ", differences.Take(5)))
                    .And(restore.StoreAsBefore).Label("the store is byte for byte as before")
                    .And(restore.Outcomes.All(o => o.Status == RestoreStatus.Restored)).Label("every session restored");
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        });
}
