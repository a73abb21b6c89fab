using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SessionCloser.Closing;
using SessionCloser.Fixtures;

namespace SessionCloser.Tests.Closing;

/// <summary>
/// For realistic generated stores (every key family, unicode, lone surrogates, exotic numbers, integer-like plugin
/// keys) and any subset of sessions, closing leaves exactly what Node's JSON.stringify writes after deleting those
/// keys, and archives every file of every closed session.
/// </summary>
public class ClosingProperties
{
    [Property(MaxTest = 25)]
    public Property Closing_any_subset_matches_JSON_stringify_and_archives_its_files() => Prop.ForAll(
        Gen.Choose(1, 1_000_000).ToArbitrary(),
        Gen.Choose(0, 100).ToArbitrary(),
        (seed, percent) =>
        {
            var root = Directory.CreateTempSubdirectory("sc-prop-").FullName;
            try
            {
                var state = StoreGenerator.Generate(Path.Join(root, "state"), new StoreGeneratorOptions { SessionCount = 40, AgentIds = ["project-lead"], Seed = seed });
                var store = state.Agent("project-lead").StorePath;
                var random = new Random(seed);
                var chosen = state.Sessions.Where(s => s.Family != SessionKeyFamily.Main && random.Next(100) < percent).ToList();
                var before = File.ReadAllText(store, Encoding.UTF8);

                var report = new FileCloser(TimeProvider.System).Close(new CloseRequest
                {
                    StorePath = store,
                    AgentId = "project-lead",
                    Mode = CloseMode.Close,
                    Arguments = [.. chosen.Select(s => s.Key)],
                    Force = true, // generated transcript locks carry random pids that may happen to be alive
                });

                var expected = chosen.Count == 0 ? before : NodeJsonOracle.StringifyWithout(before, [.. chosen.Select(s => s.Key)]);
                var closedFiles = chosen.SelectMany(s => s.Artifacts)
                    .Where(a => a.Kind is not (SessionArtifactKind.ResetArchive or SessionArtifactKind.TranscriptLock))
                    .Select(a => a.Path)
                    .ToList();
                return (File.ReadAllText(store, Encoding.UTF8) == expected).Label("store equals JSON.stringify without the closed keys")
                    .And(report.Outcomes.All(o => o.Status == OutcomeStatus.Closed)).Label("every chosen session closed")
                    .And(closedFiles.All(f => !File.Exists(f))).Label("every file of a closed session archived")
                    .And(state.Sessions.Except(chosen).SelectMany(s => s.Artifacts).All(a => File.Exists(a.Path))).Label("files of other sessions untouched");
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        });
}
